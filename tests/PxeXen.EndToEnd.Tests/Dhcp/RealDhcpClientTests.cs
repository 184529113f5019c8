using System.Text.Json;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Dhcp;

/// <summary>busybox udhcpc and ISC dhclient against the running service over a veth pair.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RealDhcpClientTests
{
    private static string Field(string output, string name) =>
        output.Split('\n').Where(l => l.StartsWith("EVENT bound", StringComparison.Ordinal))
            .Select(l => l.Split(' ').FirstOrDefault(w => w.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..])
            .FirstOrDefault() ?? "";

    [Fact(Timeout = 120_000)]
    public async Task Udhcpc_ObtainsRenewsAndReleases()
    {
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        var busybox = Command.Require("busybox", "busybox");
        await using var rig = await DhcpServiceRig.CreateAsync();
        await rig.StartAsync(rig.Settings("Authoritative", "--Dhcp:Boot:UnknownMacs=LocalBoot"));
        var script = rig.WriteUdhcpcScript();

        // Bound, then SIGUSR1 renews (udhcpc ignores option 58 and would wait lease/2), SIGTERM
        // releases (-R). The renewal is a unicast REQUEST from the bound address: RENEWING.
        var run = await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(40), "sh", "-c",
            $"{busybox} udhcpc -i {rig.Pair.ClientInterface} -f -R -t 5 -T 1 -s {script} & p=$!; sleep 4; kill -USR1 $p; sleep 3; kill -TERM $p; wait $p");

        var output = run.StandardOutput + run.StandardError;
        Assert.Contains("EVENT bound", output);
        Assert.Contains("EVENT renew", output);
        Assert.Contains("sending release", output);
        var ip = Field(run.StandardOutput, "ip");
        Assert.StartsWith(rig.Prefix + ".1", ip);
        Assert.Equal(rig.Pair.ServerAddress, Field(run.StandardOutput, "serverid"));
        var leases = JsonDocument.Parse(await rig.ApiAsync("/leases")).RootElement;
        var lease = Assert.Single(leases.EnumerateArray());
        Assert.Equal(ip, lease.GetProperty("ip").GetString());
        Assert.Equal("released", lease.GetProperty("state").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Dhclient_ObtainsRebootsIntoTheSameAddressAndReleases()
    {
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        var dhclient = Command.Require("dhclient", "isc-dhcp-client");
        await using var rig = await DhcpServiceRig.CreateAsync();
        await rig.StartAsync(rig.Settings("Authoritative", "--Dhcp:Boot:UnknownMacs=LocalBoot"));
        var script = rig.Directory.Combine("dhclient-script");
        // Our own script: the stock one would rewrite the host's /etc/resolv.conf.
        File.WriteAllText(script, "#!/bin/sh\necho \"REASON $reason $new_ip_address\"\n" +
            "case \"$reason\" in BOUND|REBOOT|RENEW) ip addr replace \"$new_ip_address/24\" dev \"$interface\" ;; esac\nexit 0\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[] common = ["-4", "-v", "-lf", rig.Directory.Combine("dhclient.leases"), "-pf", rig.Directory.Combine("dhclient.pid"), "-sf", script];

        var first = await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(60), dhclient, [.. common, "-1", rig.Pair.ClientInterface]);
        Assert.Contains("REASON BOUND", first.StandardOutput + first.StandardError);
        await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(30), dhclient, [.. common, "-x", rig.Pair.ClientInterface]);

        // With the lease file it starts in INIT-REBOOT: REQUEST with option 50 and no server id.
        var second = await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(60), dhclient, [.. common, "-1", rig.Pair.ClientInterface]);
        var output = second.StandardOutput + second.StandardError;
        Assert.Contains("DHCPREQUEST for", output);
        Assert.DoesNotContain("DHCPDISCOVER", output);
        Assert.Contains("REASON REBOOT", output);

        var release = await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(30), dhclient, [.. common, "-r", rig.Pair.ClientInterface]);
        Assert.Contains("DHCPRELEASE", release.StandardOutput + release.StandardError);
        // dhclient exits once RELEASE is sent; the service commits it a moment later.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string? state;
        do
        {
            var lease = Assert.Single(JsonDocument.Parse(await rig.ApiAsync("/leases")).RootElement.EnumerateArray());
            state = lease.GetProperty("state").GetString();
            if (state == "released")
                break;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal("released", state);
    }

    [Fact(Timeout = 120_000)]
    public async Task RegisteredMachine_GetsItsReservedAddressAndEachFirmwareItsBootFile()
    {
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        var busybox = Command.Require("busybox", "busybox");
        await using var rig = await DhcpServiceRig.CreateAsync();
        await rig.StartAsync(rig.Settings());
        var script = rig.WriteUdhcpcScript();
        var mac = (await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(10), "cat", $"/sys/class/net/{rig.Pair.ClientInterface}/address")).StandardOutput.Trim();
        await rig.ApiAsync("/distros", """{"name":"deb","kernel":"deb/vmlinuz","initrds":["deb/initrd.gz"],"arch":"x86_64","breed":"debian","kernelArgs":""}""");
        await rig.ApiAsync("/profiles", """{"name":"deb-xen","distro":"deb","kernelArgs":"","answerTemplate":"preseed"}""");
        var created = await rig.ApiAsync("/machines", $$"""{"name":"web01","macs":["{{mac}}"],"profile":"deb-xen","ip":"{{rig.Prefix}}.42"}""");
        Assert.Contains("web01", created);

        async Task<string> Udhcpc(params string[] options)
        {
            var run = await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(40), busybox,
                ["udhcpc", "-i", rig.Pair.ClientInterface, "-n", "-q", "-f", "-t", "5", "-T", "1", "-s", script, .. options]);
            Assert.Contains("EVENT bound", run.StandardOutput);
            Assert.Equal($"{rig.Prefix}.42", Field(run.StandardOutput, "ip"));
            Assert.Equal(rig.Pair.ServerAddress, Field(run.StandardOutput, "siaddr"));
            return Field(run.StandardOutput, "boot_file");
        }

        const string bios = "PXEClient:Arch:00000:UNDI:002001";
        Assert.Equal("undionly.kpxe", await Udhcpc("-V", bios, "-x", "0x5d:0000"));
        Assert.Equal("ipxe.efi", await Udhcpc("-V", "PXEClient:Arch:00007:UNDI:003016", "-x", "0x5d:0007"));
        Assert.Equal("ipxe-arm64.efi", await Udhcpc("-V", "PXEClient:Arch:00011:UNDI:003016", "-x", "0x5d:000b"));
        Assert.Equal($"http://{rig.Pair.ServerAddress}:5000/ipxe/{mac}", await Udhcpc("-V", bios, "-x", "0x5d:0000", "-x", "0x4d:69505845"));
        Assert.Equal("pxelinux.0", await Udhcpc("-V", bios, "-x", "0x5d:0000", "-x", "0x4d:58656e5056"));

        var explain = JsonDocument.Parse(await rig.ApiAsync($"/explain?mac={mac}&arch=7")).RootElement;
        Assert.Equal("ipxe.efi", explain.GetProperty("bootFile").GetString());
        Assert.Equal("web01", explain.GetProperty("machine").GetString());
        Assert.True(explain.GetProperty("steps").GetArrayLength() >= 2);
    }
}
