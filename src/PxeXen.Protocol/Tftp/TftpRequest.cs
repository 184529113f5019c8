namespace PxeXen.Protocol.Tftp;

/// <summary>An RRQ or WRQ: <c>opcode | filename 0 | mode 0 | (option 0 value 0)*</c> (RFC 1350 §5, RFC 2347).</summary>
/// <param name="Mode">As sent ("octet", "netascii", "mail"), compare case-insensitively.</param>
/// <param name="Options">In the order the client sent them; the first of a repeated name counts.</param>
public sealed record TftpRequest(TftpOpcode Opcode, string FileName, string Mode, IReadOnlyList<TftpOption> Options)
{
    public bool IsOctet => string.Equals(Mode, "octet", StringComparison.OrdinalIgnoreCase);
    public bool IsNetascii => string.Equals(Mode, "netascii", StringComparison.OrdinalIgnoreCase);
}
