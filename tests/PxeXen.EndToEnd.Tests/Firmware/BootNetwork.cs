using System.Security.Cryptography;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// The wire a netbooting virtual machine is plugged into: one network namespace made for one test,
/// holding a bridge that carries the server's address and one tap device per QEMU machine. The boot
/// server (PxeXen or the dnsmasq peer) and QEMU both run inside the namespace, so DHCP broadcasts,
/// TFTP and HTTP never leave it. Deleted, with everything in it, when disposed.
/// </summary>
public sealed class BootNetwork : IAsyncDisposable
{
    private readonly List<string> _hosts = [];
    private int _taps;

    private BootNetwork(string id, string prefix)
    {
        Id = id;
        Prefix = prefix;
        Namespace = $"pxxfw{id}";
        Bridge = $"xfwb{id}";
    }

    public string Id { get; }
    public string Namespace { get; }
    public string Bridge { get; }

    /// <summary>The first three octets of the /24, e.g. "10.217.61".</summary>
    public string Prefix { get; }
    public string ServerAddress => Prefix + ".1";
    public string Netmask => "255.255.255.0";

    /// <summary>Creates the namespace and bridge, or skips the test (root and iproute2 are needed).</summary>
    public static async Task<BootNetwork> CreateAsync(int subnet = 61)
    {
        if (!Command.IsRoot)
            Assert.Skip("network namespaces and tap devices need root (CI runs as root)");
        Command.Require("ip", "iproute2");
        if (!File.Exists("/dev/net/tun"))
            Assert.Skip("/dev/net/tun is missing: QEMU needs a tap device");
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var network = new BootNetwork(id, $"10.{200 + Random.Shared.Next(50)}.{subnet}");
        try
        {
            await Ip("netns", "add", network.Namespace);
            await Ip("-n", network.Namespace, "link", "set", "lo", "up");
            // No STP and no forward delay: a tap port must forward at once, before the firmware's
            // first DHCPDISCOVER, not after the 15 s listening/learning states.
            await Ip("-n", network.Namespace, "link", "add", network.Bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0");
            await Ip("-n", network.Namespace, "addr", "add", network.ServerAddress + "/24", "dev", network.Bridge);
            await Ip("-n", network.Namespace, "link", "set", network.Bridge, "up");
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new tap device on the bridge, for one QEMU NIC.</summary>
    public async Task<string> AddTapAsync()
    {
        var tap = $"xfwt{Id}{Interlocked.Increment(ref _taps)}";
        await Ip("-n", Namespace, "tuntap", "add", "dev", tap, "mode", "tap");
        await Ip("-n", Namespace, "link", "set", tap, "master", Bridge);
        await Ip("-n", Namespace, "link", "set", tap, "up");
        return tap;
    }

    /// <summary>
    /// Another machine on the wire: its own namespace, joined to the bridge by a veth pair, with an
    /// address in the subnet (a Xen dom0 whose bridge carries an address, say). Deleted with the network.
    /// </summary>
    /// <returns>The namespace and the name of its interface.</returns>
    public async Task<(string Namespace, string Interface)> AddHostAsync(int hostNumber)
    {
        var hostNamespace = $"pxxfwh{Id}{hostNumber}";
        var hostSide = $"xfwh{Id}{hostNumber}";
        var bridgeSide = $"xfwv{Id}{hostNumber}";
        _hosts.Add(hostNamespace);
        await Ip("netns", "add", hostNamespace);
        await Ip("-n", hostNamespace, "link", "set", "lo", "up");
        await Ip("-n", Namespace, "link", "add", bridgeSide, "type", "veth", "peer", "name", hostSide, "netns", hostNamespace);
        await Ip("-n", Namespace, "link", "set", bridgeSide, "master", Bridge);
        await Ip("-n", Namespace, "link", "set", bridgeSide, "up");
        await Ip("-n", hostNamespace, "addr", "add", $"{Prefix}.{hostNumber}/24", "dev", hostSide);
        await Ip("-n", hostNamespace, "link", "set", hostSide, "up");
        return (hostNamespace, hostSide);
    }

    /// <summary>Runs a program to completion inside the namespace.</summary>
    public Task<Command.Result> RunAsync(TimeSpan timeout, string program, params string[] arguments) =>
        Command.RunAsync("ip", ["netns", "exec", Namespace, program, .. arguments], timeout);

    private static async Task Ip(params string[] arguments)
    {
        var result = await Command.RunAsync("ip", arguments, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.StandardError}");
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes the bridge, taps and veth ends in it.
        foreach (var host in _hosts)
            await Command.RunAsync("ip", ["netns", "del", host], TimeSpan.FromSeconds(20));
        await Command.RunAsync("ip", ["netns", "del", Namespace], TimeSpan.FromSeconds(20));
    }
}
