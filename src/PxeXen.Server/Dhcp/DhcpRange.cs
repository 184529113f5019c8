namespace PxeXen.Server.Dhcp;

/// <summary>A pool at run time: host-order bounds and a next-fit cursor.</summary>
internal sealed class DhcpRange(uint start, uint end, bool registeredOnly)
{
    public uint Start { get; } = start;
    public uint End { get; } = end;
    public bool RegisteredOnly { get; } = registeredOnly;

    /// <summary>Where the next search starts (next fit: fresh addresses before reused ones).</summary>
    public uint Cursor { get; set; } = start;

    public bool Contains(uint address) => address >= Start && address <= End;

    public long Size => (long)End - Start + 1;
}
