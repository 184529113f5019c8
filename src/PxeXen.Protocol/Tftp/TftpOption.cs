namespace PxeXen.Protocol.Tftp;

/// <summary>One name/value pair of a request or an OACK (RFC 2347). Names compare case-insensitively.</summary>
public readonly record struct TftpOption(string Name, string Value)
{
    public const string BlockSize = "blksize";
    public const string TransferSize = "tsize";
    public const string Timeout = "timeout";
    public const string WindowSize = "windowsize";

    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}
