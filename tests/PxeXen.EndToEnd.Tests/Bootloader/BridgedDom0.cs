using System.Security.Cryptography;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Bootloader;

/// <summary>
/// A dom0 stand-in: a namespace with a Linux bridge (like xenbr0, with dom0's address on it) whose
/// one port is a veth to a server namespace. The helper runs in the dom0 namespace with
/// --interface=bridge, exactly as on a Xen host before the guest's vif exists. Deleted afterwards.
/// </summary>
public sealed class BridgedDom0 : IAsyncDisposable
{
    public required string ServerNamespace { get; init; }
    public required string Dom0Namespace { get; init; }
    public required string ServerInterface { get; init; }
    public required string Bridge { get; init; }
    public required string Subnet { get; init; }

    public string ServerAddress => Subnet + ".1";
    public string Dom0Address => Subnet + ".2";

    public static async Task<BridgedDom0> CreateAsync()
    {
        if (!Command.IsRoot)
            Assert.Skip("network namespaces need root (CI runs as root)");
        Command.Require("ip", "iproute2");
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var network = new BridgedDom0
        {
            ServerNamespace = $"pxbls{id}",
            Dom0Namespace = $"pxbld{id}",
            ServerInterface = $"xbls{id}",
            Bridge = $"xblbr{id}",
            Subnet = $"10.{200 + Random.Shared.Next(50)}.{Random.Shared.Next(1, 250)}",
        };
        var port = $"xblp{id}";
        try
        {
            await Ip("netns", "add", network.ServerNamespace);
            await Ip("netns", "add", network.Dom0Namespace);
            await Ip("link", "add", network.ServerInterface, "netns", network.ServerNamespace, "type", "veth", "peer", "name", port, "netns", network.Dom0Namespace);
            await Ip("-n", network.ServerNamespace, "link", "set", "lo", "up");
            await Ip("-n", network.Dom0Namespace, "link", "set", "lo", "up");
            await Ip("-n", network.ServerNamespace, "addr", "add", network.ServerAddress + "/24", "dev", network.ServerInterface);
            await Ip("-n", network.ServerNamespace, "link", "set", network.ServerInterface, "up");
            await Ip("-n", network.Dom0Namespace, "link", "add", network.Bridge, "type", "bridge", "forward_delay", "0");
            await Ip("-n", network.Dom0Namespace, "link", "set", port, "master", network.Bridge);
            await Ip("-n", network.Dom0Namespace, "link", "set", port, "up");
            await Ip("-n", network.Dom0Namespace, "addr", "add", network.Dom0Address + "/24", "dev", network.Bridge);
            await Ip("-n", network.Dom0Namespace, "link", "set", network.Bridge, "up");
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private static async Task Ip(params string[] arguments)
    {
        var result = await Command.RunAsync("ip", arguments, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.StandardError}");
    }

    public async ValueTask DisposeAsync()
    {
        await Command.RunAsync("ip", ["netns", "del", ServerNamespace], TimeSpan.FromSeconds(20));
        await Command.RunAsync("ip", ["netns", "del", Dom0Namespace], TimeSpan.FromSeconds(20));
    }
}
