using System.Net;
using System.Text.Json.Nodes;

namespace PxeXen.Cli.Tests;

public sealed class DistroProfileTests
{
    [Fact(Timeout = 30_000)]
    public async Task DistroAdd_SaysTheServerFoundTheKernelXenCapable()
    {
        using var cli = new Cli();
        cli.Server.On("POST", "/distros", HttpStatusCode.Created,
            """{"name":"debian12","kernel":"debian12/vmlinuz","initrds":["debian12/initrd.gz"],"arch":"x86_64","breed":"debian","kernelArgs":"","xen":{"pv":true,"pvh":true}}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "distro", "add", "debian12", "--kernel", "debian12/vmlinuz", "--initrd", "debian12/initrd.gz", "--breed", "debian", "--token", "t");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("distro debian12 added: kernel debian12/vmlinuz: Xen PV yes, PVH yes", result.Out);
        Assert.Empty(result.Error);
        var body = JsonNode.Parse(cli.Server.Single("POST", "/distros").Body!)!;
        Assert.Equal(["debian12/initrd.gz"], body["initrds"]!.AsArray().Select(i => (string?)i));
        Assert.Equal("debian", (string?)body["breed"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task DistroAdd_NonXenKernel_WarnsWithTheServersReason()
    {
        using var cli = new Cli();
        cli.Server.On("POST", "/distros", HttpStatusCode.Created,
            """{"name":"bare","kernel":"bare/vmlinuz","initrds":[],"xen":{"pv":false,"pvh":false,"reason":"no Xen ELF notes"}}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "distro", "add", "bare", "--kernel", "bare/vmlinuz", "--token", "t");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Xen PV no, PVH no (no Xen ELF notes)", result.Out);
        Assert.Contains("warning: profiles using this distro cannot boot Xen PV domUs", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task DistroList_ShowsXenColumn()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/distros", """[{"name":"debian12","kernel":"debian12/vmlinuz","initrds":["debian12/initrd.gz"],"arch":"x86_64","breed":"debian","xen":{"pv":true,"pvh":false}},{"name":"bare","kernel":"k","initrds":[],"xen":{"pv":false,"pvh":false}}]""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "distro", "list");
        var lines = result.Out.Split('\n');
        Assert.Contains(lines, l => l.Contains("debian12/initrd.gz") && l.Contains(" PV "));
        Assert.Contains(lines, l => l.Contains("bare") && l.Contains(" no "));
    }

    [Fact(Timeout = 30_000)]
    public async Task ProfileAdd_WithParent_SendsXenSettingsAndVariables()
    {
        using var cli = new Cli();
        cli.Server.On("POST", "/profiles", HttpStatusCode.Created, "{}");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "profile", "add", "web", "--parent", "debian12-xen", "--memory", "2048", "--vcpus", "4",
            "--bridge", "xenbr1", "--disk", "phy:/dev/vg0/{{machine.name}},xvda,w", "--var", "suite=bookworm", "--menu-template", "ipxe=custom", "--token", "t");
        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonNode.Parse(cli.Server.Single("POST", "/profiles").Body!)!;
        Assert.Equal("debian12-xen", (string?)body["parent"]);
        Assert.Null(body["distro"]);
        Assert.Equal(2048, (int)body["xen"]!["memoryMiB"]!);
        Assert.Equal(4, (int)body["xen"]!["vcpus"]!);
        Assert.Equal("xenbr1", (string?)body["xen"]!["bridge"]);
        Assert.Equal("phy:/dev/vg0/{{machine.name}},xvda,w", (string?)body["xen"]!["disk"]);
        Assert.Equal("bookworm", (string?)body["variables"]!["suite"]);
        Assert.Equal("custom", (string?)body["menuTemplates"]!["ipxe"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task ProfileEdit_MergesVariablesAndClearsParentWithEmptyString()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/profiles/web", """{"name":"web","distro":"debian12","parent":"base","kernelArgs":"quiet","xen":{"memoryMiB":1024,"vcpus":2},"variables":{"suite":"bookworm"}}""");
        cli.Server.Json("PUT", "/profiles/web", "{}");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "profile", "edit", "web", "--parent", "", "--var", "mirror=deb.local", "--vcpus", "8", "--token", "t");
        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonNode.Parse(cli.Server.Single("PUT", "/profiles/web").Body!)!;
        Assert.Null(body["parent"]);
        Assert.Equal("quiet", (string?)body["kernelArgs"]);
        Assert.Equal("bookworm", (string?)body["variables"]!["suite"]);
        Assert.Equal("deb.local", (string?)body["variables"]!["mirror"]);
        Assert.Equal(1024, (int)body["xen"]!["memoryMiB"]!);
        Assert.Equal(8, (int)body["xen"]!["vcpus"]!);
    }

    [Fact(Timeout = 30_000)]
    public async Task ProfileRemove_StillUsed_ShowsTheConflict()
    {
        using var cli = new Cli();
        cli.Server.On("DELETE", "/profiles/web", HttpStatusCode.Conflict, """{"error":"profile 'web' is used by 3 machines (web01, web02, web03)"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "profile", "remove", "web", "--token", "t");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("used by 3 machines (web01, web02, web03)", result.Error);
        Assert.Contains("hint: move or remove what still uses it", result.Error);
    }
}
