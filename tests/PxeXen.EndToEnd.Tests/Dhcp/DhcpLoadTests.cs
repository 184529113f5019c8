using System.Text.Json;
using PxeXen.EndToEnd.Tests.Infrastructure;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.EndToEnd.Tests.Dhcp;

/// <summary>perfdhcp as a relay agent: relayed DORA, a kill -9 in the middle, and garbage datagrams.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DhcpLoadTests
{
    private static string[] Perfdhcp(DhcpServiceRig rig, int rate, int clients, int seconds) =>
        ["-4", "-l", rig.Pair.ClientAddress, "-r", rate.ToString(), "-R", clients.ToString(), "-p", seconds.ToString(), rig.Pair.ServerAddress];

    [Fact(Timeout = 180_000)]
    public async Task KillDashNineUnderLoad_EveryAcknowledgedLeaseSurvives()
    {
        var perfdhcp = Command.Require("perfdhcp", "kea-admin");
        var tcpdump = Command.Require("tcpdump", "tcpdump");
        await using var rig = await DhcpServiceRig.CreateAsync(clientAddress: "auto");
        var settings = rig.Settings("Authoritative", "--Dhcp:Boot:UnknownMacs=LocalBoot").ToList();
        await rig.StartAsync(settings);
        var capture = rig.Directory.Combine("replies.pcap");

        // Everything the server sends to the relay (perfdhcp) is captured on the client side.
        var dump = rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(60), "timeout", "-s", "INT", "14", tcpdump,
            "-i", rig.Pair.ClientInterface, "-w", capture, "-U", "udp", "and", "src", "port", "67", "and", "src", "host", rig.Pair.ServerAddress);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var load = rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(60), perfdhcp, Perfdhcp(rig, 400, 95, 8));
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        await rig.Service!.KillAsync();
        var perf = await load;
        await dump;

        var acks = PcapDhcpReplies.Read(await File.ReadAllBytesAsync(capture, TestContext.Current.CancellationToken))
            .Where(m => m.MessageType == DhcpMessageType.Ack).ToList();
        Assert.True(acks.Count > 20, $"only {acks.Count} ACKs captured before the kill:\n{perf}");

        await rig.RestartAsync(settings);
        var leases = JsonDocument.Parse(await rig.ApiAsync("/leases")).RootElement.EnumerateArray()
            .Select(l => (Mac: l.GetProperty("mac").GetString()!, Ip: l.GetProperty("ip").GetString()!)).ToList();
        foreach (var ack in acks)
            Assert.Contains((ack.ClientMac, ack.YourAddress.ToString()), leases);
        Assert.Equal(leases.Count, leases.Select(l => l.Ip).Distinct().Count());
        Assert.Equal(leases.Count, leases.Select(l => l.Mac).Distinct().Count());
    }

    [Fact(Timeout = 180_000)]
    public async Task RandomAndMalformedDatagrams_DoNotStopRelayedService()
    {
        var perfdhcp = Command.Require("perfdhcp", "kea-admin");
        var python = Command.Require("python3", "python3");
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        await using var rig = await DhcpServiceRig.CreateAsync(clientAddress: "auto");
        await rig.StartAsync(rig.Settings("Authoritative", "--Dhcp:Boot:UnknownMacs=LocalBoot"));

        var garbage = $$"""
            import os, random, socket
            random.seed(7)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            good = bytes([1,1,6,0]) + bytes(232) + bytes([99,130,83,99])
            for i in range(600):
                kind = i % 3
                if kind == 0: d = os.urandom(random.randint(0, 1400))
                elif kind == 1: d = good[:random.randint(0, len(good))]
                else: d = good + bytes([53, 1, 1, 60, 200, 1, 2])
                s.sendto(d, ("{{rig.Pair.ServerAddress}}", 67))
            """;
        var sent = await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(30), python, "-c", garbage);
        Assert.True(sent.ExitCode == 0, sent.ToString());

        var run = await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(60), perfdhcp, Perfdhcp(rig, 50, 40, 3));
        Assert.False(rig.Service!.HasExited);
        Assert.Contains("ignored: ", rig.Service.Output);
        var received = run.StandardOutput.Split('\n').Where(l => l.StartsWith("received packets:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, l => Assert.NotEqual(0, int.Parse(l.Split(':')[1].Trim())));
        Assert.Contains("DISCOVER-OFFER", run.StandardOutput);
    }
}
