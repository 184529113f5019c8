namespace PxeXen.Inventory.Events;

/// <summary>
/// Where the servers report boot events. Called on hot paths (every DHCP and TFTP request), so
/// <see cref="Record"/> must not block on I/O: implementations queue and write in batches.
/// </summary>
public interface IBootEventSink
{
    void Record(string mac, string stage, string? detail);
}
