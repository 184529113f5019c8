namespace PxeXen.Server.Dhcp;

/// <summary>
/// Refreshes the machine snapshot and, from it, the pool's reserved set: a flood of unknown MACs
/// can never take a registered machine's fixed address (it would then be refused to its owner).
/// </summary>
internal sealed class MachineReservations(MachineSnapshot snapshot, LeasePool pool, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (await snapshot.RefreshAsync(cancellationToken) is { } machines)
            pool.SetReservations(machines.Where(m => m.Ip is not null).Select(m => Ipv4.ToUInt32(m.Ip!)));
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
            await RefreshAsync(cancellationToken);
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
