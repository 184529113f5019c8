namespace PxeXen.Protocol.Pxelinux;

/// <summary>
/// The IPAPPEND/SYSAPPEND strings (spec §7.8): bit 0x1 <c>ip=client:server:gateway:netmask</c>,
/// 0x2 <c>BOOTIF=01-mac</c>, 0x4 <c>SYSUUID=uuid</c>. Null strings are skipped, as syslinux skips empty ones.
/// </summary>
public sealed record SysAppendValues(string? Ip, string? BootIf, string? SysUuid)
{
    public static readonly SysAppendValues None = new(null, null, null);

    /// <summary>The strings for the bits set in <paramref name="bits"/>, in bit order, whitespace turned into '_'.</summary>
    public IEnumerable<string> For(int bits)
    {
        string?[] byBit = [Ip, BootIf, SysUuid];
        for (var bit = 0; bit < byBit.Length; bit++)
            if ((bits & (1 << bit)) != 0 && !string.IsNullOrEmpty(byBit[bit]))
                yield return new string(byBit[bit]!.Select(c => char.IsWhiteSpace(c) ? '_' : c).ToArray());
    }
}
