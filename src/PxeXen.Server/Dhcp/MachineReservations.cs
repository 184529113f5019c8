namespace PxeXen.Server.Dhcp;

/// <summary>
/// Refreshes the pool's reserved set from the machine inventory, so a flood of unknown MACs can
/// never take a registered machine's fixed address (it would then be refused to its owner).
/// </summary>
internal sealed class MachineReservations(IEnumerable<IReservedAddressSource> sources, LeasePool pool, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var reserved = new List<uint>();
        foreach (var source in sources)
            foreach (var address in await source.ListAsync(cancellationToken))
                reserved.Add(Ipv4.ToUInt32(address));
        pool.SetReservations(reserved);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
            await RefreshAsync(cancellationToken);
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
