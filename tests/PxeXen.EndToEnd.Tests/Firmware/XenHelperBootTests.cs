using System.Text;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// Boot flow A without a hypervisor: a machine registered with <c>pxexen machine add</c>, then
/// <c>pxexen-boot</c> run in a "dom0" namespace on the boot network exactly as libxl runs it
/// (xen-bootloader-spec.md §2.3: argv order, output file created beforehand, a pty as its
/// terminal). It must write a simple0 record naming the profile's kernel and initrd, byte for byte,
/// and the profile's arguments followed by the domU's <c>extra=</c>.
/// </summary>
[Collection(FirmwareCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class XenHelperBootTests
{
    [Fact(Timeout = 180_000)]
    public async Task PxexenBoot_AsLibxlRunsIt_ReturnsTheProfilesKernelAndInitrd()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var helper = Path.Combine(AppContext.BaseDirectory, "pxexen-boot.dll");
        var cli = Path.Combine(AppContext.BaseDirectory, "pxexen.dll");
        if (!File.Exists(helper) || !File.Exists(cli))
            Assert.Fail("pxexen-boot.dll or pxexen.dll is not built next to the tests (the project references PxeXen.Bootloader and PxeXen.Cli)");
        var script = Command.Require("script", "bsdutils"); // gives the helper a pty, as libxl does
        var fixture = await BootFixture.GetAsync();
        using var dir = new TempDirectory();
        await using var network = await BootNetwork.CreateAsync(subnet: 65);
        await using var server = await PxeXenBootServer.StartAsync(network, fixture, dir.Path);
        await PxeXenBootServer.RequireUdpListenersAsync(network, server, (67, "the DHCP server"), (69, "the TFTP server"));
        var (dom0, bridge) = await network.AddHostAsync(5);

        const string mac = "00:16:3e:e2:e2:05";
        const string profileArgs = "console=hvc0 e2e.profile=e2e-xen-pv";
        await PxexenAsync(network, server, cli, "distro", "add", TestInventory.Distro, "--kernel", PxeXenBootServer.KernelPath,
            "--initrd", PxeXenBootServer.InitrdPath, "--breed", "generic");
        await PxexenAsync(network, server, cli, "profile", "add", "e2e-xen-pv", "--distro", TestInventory.Distro, "--kernel-args", profileArgs);
        await PxexenAsync(network, server, cli, "machine", "add", "e2e-domu", "--mac", mac, "--profile", "e2e-xen-pv");

        // libxl: mkdir(outputdir, 0600), open(output, O_CREAT|O_TRUNC, 0600) and close, then run.
        var outputDirectory = Directory.CreateDirectory(dir.Combine("bootloader.7.d"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        var output = dir.Combine("bootloader.7.out");
        File.Create(output, 0, FileOptions.None).Dispose();
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string[] argv =
        [
            helper,
            "--args=root=/dev/xvda1 ro",
            $"--output={output}",
            "--output-format=simple0",
            $"--output-directory={outputDirectory}",
            $"--mac={mac}",
            $"--interface={bridge}",
            "/dev/vg0/e2e-domu",
        ];
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var commandLine = string.Join(' ', new[] { dotnet }.Concat(argv).Select(Quote));
        var log = dir.Combine("bootloader.7.log");
        var run = await Command.RunAsync("ip", ["netns", "exec", dom0, script, "-q", "-e", "-c", commandLine, log],
            TimeSpan.FromSeconds(120), dir.Path, cancellationToken);
        var console = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "";
        Assert.True(run.ExitCode == 0, $"pxexen-boot exited {run.ExitCode}\n--- its terminal\n{console}\n{run}\n--- server\n{server.Service.Output}");

        // simple0 (spec §2.6): NUL-separated "kernel <path>", "ramdisk <path>", "args <string>".
        var items = (await File.ReadAllTextAsync(output, Encoding.UTF8, cancellationToken)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        string Item(string key) => items.FirstOrDefault(i => i.StartsWith(key + " ", StringComparison.Ordinal))?[(key.Length + 1)..].TrimStart()
            ?? throw new Xunit.Sdk.XunitException($"no '{key}' item in the output: {string.Join(" | ", items)}");
        Assert.Equal(await File.ReadAllBytesAsync(fixture.Kernel, cancellationToken), await File.ReadAllBytesAsync(Item("kernel"), cancellationToken));
        Assert.Equal(await File.ReadAllBytesAsync(fixture.Initrd, cancellationToken), await File.ReadAllBytesAsync(Item("ramdisk"), cancellationToken));
        Assert.StartsWith(outputDirectory, Item("kernel"));
        var args = Item("args");
        Assert.Contains(profileArgs, args);
        Assert.EndsWith("root=/dev/xvda1 ro", args);
    }

    private static async Task PxexenAsync(BootNetwork network, PxeXenBootServer server, string cli, params string[] arguments)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var result = await network.RunAsync(TimeSpan.FromSeconds(60), dotnet,
            [cli, "--server", server.Api.BaseUrl, "--token", server.Api.Token, .. arguments]);
        Assert.True(result.ExitCode == 0, $"pxexen {string.Join(' ', arguments)}: {result}");
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
