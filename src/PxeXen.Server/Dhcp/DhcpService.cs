using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PxeXen.Inventory.Leases;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// Runs the DHCP server: loads the leases, opens one listener per interface and port, and owns the
/// group-commit loop. Every loop is awaited here and cancelled on stop.
/// </summary>
internal sealed class DhcpService(
    DhcpRuntime runtime,
    ILeaseStore store,
    LeasePool pool,
    DhcpResponder responder,
    LeaseCommitQueue commits,
    MachineReservations reservations,
    ILogger<DhcpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = runtime.Settings;
        // The lease schema exists in every mode: /api/v1/leases and /explain read it with DHCP off too.
        await store.InitializeAsync(stoppingToken);
        if (settings.Mode == DhcpMode.Off)
            return;
        var leases = await store.ListAsync(null, null, stoppingToken);
        pool.Load(leases);
        DhcpLog.Loaded(logger, leases.Count);

        var listeners = OpenListeners(settings);
        try
        {
            var loops = new List<Task> { store.RunMaintenanceAsync(stoppingToken) };
            loops.AddRange(listeners.Select(l => l.RunAsync(stoppingToken)));
            loops.Add(commits.RunAsync(stoppingToken));
            loops.Add(reservations.RunAsync(stoppingToken));
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Dispose();
        }
    }

    private List<DhcpListener> OpenListeners(DhcpSettings settings)
    {
        var ports = new List<int> { settings.ServerPort };
        // 4011 in both modes: EDK2 (OVMF) takes an offer with option 60 "PXEClient" and no option 43
        // for a BINL offer and asks the boot server again on 4011 (seen with OVMF under QEMU).
        if (settings.ProxyPort != 0 && settings.ProxyPort != settings.ServerPort)
            ports.Add(settings.ProxyPort);
        var listeners = new List<DhcpListener>();
        try
        {
            foreach (var (name, address) in Interfaces(settings))
                foreach (var port in ports)
                {
                    listeners.Add(new DhcpListener(name, address, port, bindToDevice: true, responder, commits, settings, logger));
                    DhcpLog.Listening(logger, settings.Mode, name, address, port);
                }
        }
        catch
        {
            foreach (var listener in listeners)
                listener.Dispose();
            throw;
        }
        if (listeners.Count == 0)
            throw new InvalidOperationException("Dhcp:Interfaces: no interface with an IPv4 address to serve");
        return listeners;
    }

    /// <summary>The configured interfaces, or every interface that is up with IPv4 (loopback only when named).</summary>
    private static IEnumerable<(string Name, IPAddress Address)> Interfaces(DhcpSettings settings)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var named = settings.Interfaces.Contains(nic.Name);
            if (settings.Interfaces.Count > 0 ? !named : nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || nic.OperationalStatus == OperationalStatus.Down)
                continue;
            var address = nic.GetIPProperties().UnicastAddresses
                .Select(u => u.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (address is not null)
                yield return (nic.Name, address);
        }
    }
}
