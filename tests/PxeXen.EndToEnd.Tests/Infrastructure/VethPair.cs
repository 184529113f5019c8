using System.Security.Cryptography;

namespace PxeXen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Two network namespaces joined by one veth pair, made for one test and deleted after it: the
/// only place, besides loopback, where tests send traffic. Names carry a random suffix so suites
/// running at the same time never meet.
/// </summary>
public sealed class VethPair : IAsyncDisposable
{
    public required string ServerNamespace { get; init; }
    public required string ClientNamespace { get; init; }
    public required string ServerInterface { get; init; }
    public required string ClientInterface { get; init; }
    public required string ServerAddress { get; init; }
    public required string ClientAddress { get; init; }

    /// <summary>Creates the pair, or skips the test (root and iproute2 are needed).</summary>
    /// <param name="area">A short tag (max 4 chars) for the names, e.g. "tftp".</param>
    /// <param name="subnet">Third octet of 10.x.y.0/24, to keep captures readable.</param>
    public static async Task<VethPair> CreateAsync(string area, int subnet = 77, string? clientAddress = "auto")
    {
        if (!Command.IsRoot)
            Assert.Skip("network namespaces need root (CI runs as root)");
        Command.Require("ip", "iproute2");
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var tag = area.Length > 4 ? area[..4] : area;
        var prefix = $"10.{200 + Random.Shared.Next(50)}.{subnet}";
        var pair = new VethPair
        {
            ServerNamespace = $"pxx{tag}s{id}",
            ClientNamespace = $"pxx{tag}c{id}",
            ServerInterface = $"x{tag}s{id}",
            ClientInterface = $"x{tag}c{id}",
            ServerAddress = prefix + ".1",
            // null leaves the client unnumbered, for DHCP clients that configure it themselves.
            ClientAddress = clientAddress == "auto" ? prefix + ".2" : clientAddress ?? "",
        };
        try
        {
            await pair.Ip("netns", "add", pair.ServerNamespace);
            await pair.Ip("netns", "add", pair.ClientNamespace);
            await pair.Ip("link", "add", pair.ServerInterface, "netns", pair.ServerNamespace, "type", "veth",
                "peer", "name", pair.ClientInterface, "netns", pair.ClientNamespace);
            await pair.Ip("-n", pair.ServerNamespace, "link", "set", "lo", "up");
            await pair.Ip("-n", pair.ClientNamespace, "link", "set", "lo", "up");
            await pair.Ip("-n", pair.ServerNamespace, "addr", "add", pair.ServerAddress + "/24", "dev", pair.ServerInterface);
            if (pair.ClientAddress.Length > 0)
                await pair.Ip("-n", pair.ClientNamespace, "addr", "add", pair.ClientAddress + "/24", "dev", pair.ClientInterface);
            await pair.Ip("-n", pair.ServerNamespace, "link", "set", pair.ServerInterface, "up");
            await pair.Ip("-n", pair.ClientNamespace, "link", "set", pair.ClientInterface, "up");
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program inside the client namespace.</summary>
    public Task<Command.Result> RunInClientAsync(TimeSpan timeout, string program, params string[] arguments) =>
        Command.RunAsync("ip", ["netns", "exec", ClientNamespace, program, .. arguments], timeout);

    /// <summary>Runs a program inside the server namespace.</summary>
    public Task<Command.Result> RunInServerAsync(TimeSpan timeout, string program, params string[] arguments) =>
        Command.RunAsync("ip", ["netns", "exec", ServerNamespace, program, .. arguments], timeout);

    private async Task Ip(params string[] arguments)
    {
        var result = await Command.RunAsync("ip", arguments, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.StandardError}");
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes the veth end inside it, and with it the peer.
        await Command.RunAsync("ip", ["netns", "del", ServerNamespace], TimeSpan.FromSeconds(20));
        await Command.RunAsync("ip", ["netns", "del", ClientNamespace], TimeSpan.FromSeconds(20));
    }
}
