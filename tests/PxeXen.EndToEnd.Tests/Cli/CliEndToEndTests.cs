using System.Text.Json.Nodes;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Cli;

/// <summary>The real <c>pxexen</c> against the real service: register, list, render, errors, check.</summary>
public sealed class CliEndToEndTests(CliService service) : IClassFixture<CliService>
{
    private static string Unique(string prefix) => $"{prefix}{Random.Shared.Next(100_000, 999_999)}";

    private static string Mac() => "00:16:3e:" + string.Join(':', Enumerable.Range(0, 3).Select(_ => Random.Shared.Next(256).ToString("x2")));

    private async Task<Command.Result> Ok(CancellationToken ct, params string[] args)
    {
        var result = await service.RunAsync(ct, args);
        Assert.True(result.ExitCode == 0, $"pxexen {string.Join(' ', args)}\n{result}\n--- service\n{service.ServiceOutput}");
        return result;
    }

    private async Task<string> DistroAsync(CancellationToken ct)
    {
        var name = Unique("deb");
        await Ok(ct, "distro", "add", name, "--kernel", "debian12/vmlinuz", "--initrd", "debian12/initrd.gz", "--breed", "debian");
        return name;
    }

    [Fact(Timeout = 120_000)]
    public async Task AddListShow_DistroProfileMachine()
    {
        var ct = TestContext.Current.CancellationToken;
        var distro = await DistroAsync(ct);
        var profile = Unique("xen");
        var machine = Unique("web");
        var mac = Mac();
        await Ok(ct, "profile", "add", profile, "--distro", distro, "--memory", "1024", "--vcpus", "2", "--bridge", "xenbr0", "--kernel-args", "console=hvc0");
        var added = await Ok(ct, "machine", "add", machine, "--mac", mac.ToUpperInvariant().Replace(':', '-'), "--profile", profile, "--ip", "10.0.0.5");
        Assert.Contains($"machine {machine} added: {mac} boots profile {profile}", added.StandardOutput);

        var listed = JsonNode.Parse((await Ok(ct, "machine", "list", "--profile", profile, "--json")).StandardOutput)!.AsArray();
        var only = Assert.Single(listed);
        Assert.Equal(machine, (string?)only!["name"]);
        Assert.Equal(mac, (string?)only["macs"]![0]);
        Assert.Equal("10.0.0.5", (string?)only["ip"]);

        Assert.Contains(profile, (await Ok(ct, "profile", "list")).StandardOutput);
        Assert.Contains("console=hvc0", (await Ok(ct, "profile", "show", profile)).StandardOutput);
        Assert.Contains("debian12/initrd.gz", (await Ok(ct, "distro", "list")).StandardOutput);

        await Ok(ct, "machine", "netboot", machine, "off");
        Assert.False((bool)JsonNode.Parse((await Ok(ct, "machine", "show", machine, "--json")).StandardOutput)!["netboot"]!);
        await Ok(ct, "machine", "edit", machine, "--hostname", "web-renamed", "--add-mac", Mac());
        var edited = JsonNode.Parse((await Ok(ct, "machine", "show", machine, "--json")).StandardOutput)!;
        Assert.Equal("web-renamed", (string?)edited["hostname"]);
        Assert.Equal(2, edited["macs"]!.AsArray().Count);
        Assert.Equal("10.0.0.5", (string?)edited["ip"]);

        await Ok(ct, "machine", "remove", machine);
        Assert.Equal(5, (await service.RunAsync(ct, "machine", "show", machine)).ExitCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Errors_SayWhatToFixWithTheDocumentedExitCodes()
    {
        var ct = TestContext.Current.CancellationToken;
        var distro = await DistroAsync(ct);
        var profile = Unique("p");
        await Ok(ct, "profile", "add", profile, "--distro", distro);
        var mac = Mac();
        await Ok(ct, "machine", "add", Unique("m"), "--mac", mac, "--profile", profile);

        var duplicate = await service.RunAsync(ct, "machine", "add", Unique("m"), "--mac", mac, "--profile", profile);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("macs[0]", duplicate.StandardError);

        var badToken = await service.RunAsync(ct, "machine", "add", Unique("m"), "--mac", Mac(), "--profile", profile, "--token", "not-the-token");
        Assert.Equal(4, badToken.ExitCode);
        Assert.Contains("refused the token from --token", badToken.StandardError);

        // Elsewhere than the service's directory there is no data/api-token to find.
        using var elsewhere = new TempDirectory();
        var noToken = await service.RunInAsync(elsewhere.Path, ct, "profile", "remove", profile);
        Assert.Equal(4, noToken.ExitCode);
        Assert.Contains("PXEXEN_TOKEN", noToken.StandardError);

        var unknownProfile = await service.RunAsync(ct, "machine", "add", Unique("m"), "--mac", Mac(), "--profile", "no-such-profile");
        Assert.Equal(1, unknownProfile.ExitCode);
        Assert.Contains("no-such-profile", unknownProfile.StandardError);

        var down = await service.RunAsync(ct, "machine", "list", "--server", "http://127.0.0.1:1");
        Assert.Equal(3, down.ExitCode);
        Assert.Contains("cannot reach the PxeXen server at http://127.0.0.1:1", down.StandardError);

        var usage = await service.RunAsync(ct, "machine", "add", "x", "--mac", "nonsense", "--profile", profile);
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Check_InTheServiceDirectory_FindsAMissingInitrd()
    {
        var ct = TestContext.Current.CancellationToken;
        var distro = Unique("gone");
        await Ok(ct, "distro", "add", distro, "--kernel", "debian12/vmlinuz", "--initrd", $"{distro}/initrd.gz");
        var result = await service.RunAsync(ct, "check", "--no-render", "--all");
        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains($"{distro}/initrd.gz is missing from", result.StandardOutput);
        Assert.Contains($"port {service.Port}/tcp: held by pxexen-server", result.StandardOutput);
        await Ok(ct, "distro", "remove", distro);
    }

    [Fact(Timeout = 60_000)]
    public async Task Events_ListAsJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = JsonNode.Parse((await Ok(ct, "events", "--json", "--limit", "10")).StandardOutput);
        Assert.IsType<JsonArray>(events);
    }

    [Fact(Timeout = 120_000)]
    public async Task EventsFollow_StreamsTheMachinesStagesLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var distro = await DistroAsync(ct);
        var profile = Unique("p");
        var machine = Unique("m");
        var mac = Mac();
        await Ok(ct, "profile", "add", profile, "--distro", distro);
        await Ok(ct, "machine", "add", machine, "--mac", mac, "--profile", profile);

        using var follow = service.Start("events", "--follow", "--json", "--mac", mac);
        try
        {
            var lines = Channel(follow);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            // Give the stream a moment to connect; ?after= would replay what it missed anyway.
            await Task.Delay(TimeSpan.FromSeconds(2), deadline.Token);
            // The machine's way through HTTP as iPXE and an installer walk it: its script, its
            // answer file, then the installer's callback (as a kickstart %post sends it).
            using var http = new HttpClient();
            (await http.GetAsync($"{service.Server}/ipxe/{mac}", deadline.Token)).EnsureSuccessStatusCode();
            (await http.GetAsync($"{service.Server}/answers/{mac}", deadline.Token)).EnsureSuccessStatusCode();
            (await http.PostAsync($"{service.Server}/installed/{mac.Replace(':', '-')}", null, deadline.Token)).EnsureSuccessStatusCode();
            var stages = new List<string>();
            while (!stages.Contains("installed"))
            {
                var item = JsonNode.Parse(await lines.ReadAsync(deadline.Token))!;
                Assert.Equal(mac, (string?)item["mac"]);
                stages.Add((string?)item["stage"] ?? "");
            }
            Assert.Equal(["http-file", "answer-file", "installed"], stages);
            Assert.False((bool)JsonNode.Parse((await Ok(ct, "machine", "show", machine, "--json")).StandardOutput)!["netboot"]!);
        }
        finally
        {
            follow.Kill(entireProcessTree: true);
            await follow.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Render_EveryKindAndCheckRendersThemAll()
    {
        var ct = TestContext.Current.CancellationToken;
        var distro = await DistroAsync(ct);
        var profile = Unique("p");
        var machine = Unique("m");
        var mac = Mac();
        await Ok(ct, "profile", "add", profile, "--distro", distro, "--kernel-args", "console=ttyS0", "--memory", "768");
        await Ok(ct, "machine", "add", machine, "--mac", mac, "--profile", profile);

        var pxelinux = (await Ok(ct, "render", machine)).StandardOutput;
        Assert.Contains("KERNEL debian12/vmlinuz", pxelinux);
        Assert.Contains("console=ttyS0", pxelinux);
        Assert.Contains("/boot-images/debian12/vmlinuz", (await Ok(ct, "render", machine, "-t", "ipxe")).StandardOutput);
        Assert.Contains("debian12/vmlinuz", (await Ok(ct, "render", machine, "-t", "grub")).StandardOutput);
        Assert.Contains(machine, (await Ok(ct, "render", machine, "-t", "answer")).StandardOutput);
        Assert.Contains($"--mac={mac}", (await Ok(ct, "render", machine, "-t", "xl.cfg")).StandardOutput);

        // A template the profile names but menus/ lacks: check renders every machine and finds it.
        await Ok(ct, "profile", "edit", profile, "--menu-template", "grub=no-such-template");
        var check = await service.RunAsync(ct, "check");
        Assert.True(check.ExitCode == 7, check.ToString());
        Assert.Contains($"machine {machine}: grub does not render", check.StandardOutput);
        Assert.Contains("no-such-template", check.StandardOutput);
        await Ok(ct, "machine", "remove", machine);
    }

    [Fact(Timeout = 120_000)]
    public async Task XenInspection_NonXenKernelRefusedForDomuAndFoundByCheck()
    {
        var ct = TestContext.Current.CancellationToken;
        var xen = Unique("x");
        var bare = Unique("b");
        Assert.Contains("Xen PV yes, PVH yes", (await Ok(ct, "distro", "add", xen, "--kernel", "debian12/vmlinuz")).StandardOutput);
        var bareAdd = await Ok(ct, "distro", "add", bare, "--kernel", "debian12/bare-vmlinuz");
        Assert.Contains("Xen PV no", bareAdd.StandardOutput);
        Assert.Contains("cannot boot Xen PV domUs", bareAdd.StandardError);

        var profile = Unique("p");
        var machine = Unique("m");
        var mac = Mac();
        await Ok(ct, "profile", "add", profile, "--distro", bare, "--memory", "512");
        await Ok(ct, "machine", "add", machine, "--mac", mac, "--profile", profile);
        var refused = await service.RunAsync(ct, "domu-config", machine);
        Assert.True(refused.ExitCode is 1 or 6, refused.ToString());
        Assert.Contains("cannot boot as a Xen PV domU", refused.StandardError);
        var check = await service.RunAsync(ct, "check", "--no-local");
        Assert.Contains($"profile {profile}: has Xen domU settings but the kernel of distro {bare}", check.StandardOutput);

        await Ok(ct, "machine", "remove", machine);
        await Ok(ct, "profile", "remove", profile);
    }

    [Fact(Timeout = 120_000)]
    public async Task ExplainAndLeases_FromTheRealApi()
    {
        var ct = TestContext.Current.CancellationToken;
        var distro = await DistroAsync(ct);
        var profile = Unique("p");
        var machine = Unique("m");
        var mac = Mac();
        await Ok(ct, "profile", "add", profile, "--distro", distro);
        await Ok(ct, "machine", "add", machine, "--mac", mac, "--profile", profile);
        var explain = await service.RunAsync(ct, "explain", "--mac", mac, "--arch", "7");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains($"1. registered MAC: machine {machine}", explain.StandardOutput);
        Assert.Contains("option 93", explain.StandardOutput);
        Assert.IsType<JsonArray>(JsonNode.Parse((await Ok(ct, "lease", "list", "--json")).StandardOutput));
    }

    [Fact(Timeout = 120_000)]
    public async Task Seen_ThenMachineAddFromSeen_RegistersTheMacThatAskedToBoot()
    {
        var ct = TestContext.Current.CancellationToken;
        var distro = await DistroAsync(ct);
        var profile = Unique("p");
        await Ok(ct, "profile", "add", profile, "--distro", distro);
        var mac = Mac();
        // An unregistered machine's iPXE asks for its script: the service notes the MAC as seen.
        using (var http = new HttpClient())
            (await http.GetAsync($"{service.Server}/ipxe/{mac}", ct)).EnsureSuccessStatusCode();
        JsonArray seen = [];
        for (var attempt = 0; attempt < 50 && !seen.Any(s => (string?)s!["mac"] == mac); attempt++)
        {
            // Boot events are written in small batches; give the batch a moment.
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            seen = JsonNode.Parse((await Ok(ct, "seen", "--json")).StandardOutput)!.AsArray();
        }
        Assert.Contains(seen, s => (string?)s!["mac"] == mac);
        Assert.Contains(mac, (await Ok(ct, "seen")).StandardOutput);

        var machine = Unique("m");
        var added = await Ok(ct, "machine", "add", machine, "--from-seen", mac.ToUpperInvariant(), "--profile", profile);
        Assert.Contains($"machine {machine} added: {mac} boots profile {profile}", added.StandardOutput);
        Assert.DoesNotContain(JsonNode.Parse((await Ok(ct, "seen", "--json")).StandardOutput)!.AsArray(), s => (string?)s!["mac"] == mac);
        var notSeen = await service.RunAsync(ct, "machine", "add", Unique("m"), "--from-seen", Mac(), "--profile", profile);
        Assert.Equal(5, notSeen.ExitCode);
        Assert.Contains("has not asked to boot", notSeen.StandardError);
        await Ok(ct, "machine", "remove", machine);
    }

    [Fact(Timeout = 120_000)]
    public async Task Check_ReadsTheRunningServicesCommandLineSettings()
    {
        var ct = TestContext.Current.CancellationToken;
        using var elsewhere = new TempDirectory();
        // Run away from the service's directory: check finds the process behind --server itself.
        var check = await service.RunInAsync(elsewhere.Path, ct, "check", "--no-render", "--all", "--json");
        var findings = JsonNode.Parse(check.StandardOutput)!.AsArray();
        Assert.Contains(findings, f => (string?)f!["subject"] == "this host" && ((string?)f["problem"])!.Contains($"{service.Directory}/appsettings.json"));
        Assert.Contains(findings, f => (string?)f!["subject"] == $"port {service.Port}/tcp" && (string?)f["problem"] == "held by pxexen-server");
        // --Tftp:Enabled=false on its command line: no TFTP port to check.
        Assert.DoesNotContain(findings, f => ((string?)f!["subject"])!.StartsWith("port 69/", StringComparison.Ordinal));
        Assert.Contains(findings, f => (string?)f!["subject"] == "Dhcp:Boot:UnknownMacs" && (string?)f["severity"] == "ok");
    }

    private static System.Threading.Channels.ChannelReader<string> Channel(System.Diagnostics.Process process)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
                channel.Writer.TryWrite(line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return channel.Reader;
    }
}
