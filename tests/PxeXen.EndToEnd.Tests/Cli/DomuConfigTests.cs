using System.Text.Json.Nodes;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Cli;

/// <summary>
/// <c>pxexen domu-config</c> for every shape of profile, each config parsed by Xen's own xl
/// (4.17, dry run through ../shared/tools/xl-check) and its libxl view checked field by field.
/// </summary>
public sealed class DomuConfigTests(CliService service) : IClassFixture<CliService>
{
    public static TheoryData<string, string[], string[], bool> Shapes => new()
    {
        // name, profile options, extra machine options, two MACs
        { "full", ["--memory", "1024", "--vcpus", "2", "--bridge", "xenbr0", "--disk", "phy:/dev/vg0/{{machine.name}},xvda,w", "--disk-size", "8"], [], false },
        { "bare", [], [], false },
        { "pvh", ["--xen-type", "pvh", "--memory", "2048", "--bridge", "xenbr1"], ["--uuid", "b8945908-d6a6-41a9-611d-74a6ab80b83d"], true },
        { "file", ["--vcpus", "4", "--disk", "file:/var/lib/xen/images/{{machine.name}}.img,xvda,w"], [], true },
    };

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Shapes))]
    public async Task DomuConfig_PassesXensParserWithTheMachinesMacBridgeDiskMemory(string shape, string[] profileOptions, string[] machineOptions, bool twoMacs)
    {
        var ct = TestContext.Current.CancellationToken;
        var xlCheck = RepoPaths.XlCheck ?? throw Xunit.Sdk.SkipException.ForSkip("../shared/tools/xl-check/xl-check not found beside the repository");
        var suffix = Random.Shared.Next(100_000, 999_999);
        var distro = $"d{shape}{suffix}";
        var profile = $"p{shape}{suffix}";
        var machine = $"vm{shape}{suffix}";
        string[] macs = twoMacs ? [RandomMac(), RandomMac()] : [RandomMac()];
        await Ok(ct, "distro", "add", distro, "--kernel", "debian12/vmlinuz", "--initrd", "debian12/initrd.gz");
        await Ok(ct, ["profile", "add", profile, "--distro", distro, .. profileOptions]);
        await Ok(ct, ["machine", "add", machine, "--profile", profile, .. macs.SelectMany(m => new[] { "--mac", m }), .. machineOptions]);

        using var dir = new TempDirectory();
        var cfg = dir.Combine($"{machine}.cfg");
        await Ok(ct, "domu-config", machine, "-o", cfg);
        var text = await File.ReadAllTextAsync(cfg, ct);
        Assert.Equal(text, (await Ok(ct, "render", machine, "--template", "xl.cfg")).StandardOutput);

        var parsed = await Command.RunAsync("bash", [xlCheck, cfg], TimeSpan.FromMinutes(5), dir.Path, ct);
        Assert.True(parsed.ExitCode == 0, $"xl rejected:\n{text}\n{parsed}");
        var libxl = JsonNode.Parse(parsed.StandardOutput[parsed.StandardOutput.IndexOf('{')..])!;

        Assert.Equal(machine, (string?)libxl["c_info"]!["name"]);
        Assert.Equal(shape == "pvh" ? "pvh" : "pv", (string?)libxl["c_info"]!["type"]);
        Assert.Equal("/usr/lib/xen/bin/pxexen-boot", (string?)libxl["b_info"]!["bootloader"]);
        var args = libxl["b_info"]!["bootloader_args"]!.AsArray().Select(a => (string?)a).ToList();
        Assert.Contains($"--mac={macs[0]}", args);
        var nics = libxl["nics"]!.AsArray();
        Assert.Equal(macs, nics.Select(n => (string?)n!["mac"]));
        var memory = Option(profileOptions, "--memory") ?? "512";
        Assert.Equal(int.Parse(memory) * 1024, (int)libxl["b_info"]!["max_memkb"]!);
        Assert.Equal(int.Parse(Option(profileOptions, "--vcpus") ?? "1"), (int)libxl["b_info"]!["max_vcpus"]!);
        if (Option(profileOptions, "--bridge") is { } bridge)
        {
            Assert.All(nics, n => Assert.Equal(bridge, (string?)n!["bridge"]));
            Assert.Contains($"--interface={bridge}", args);
        }
        if (Option(profileOptions, "--disk") is { } disk)
            Assert.Equal(disk.Split(',')[0].Split(':', 2)[1].Replace("{{machine.name}}", machine), (string?)libxl["disks"]![0]!["pdev_path"]);
        else
            Assert.Null(libxl["disks"]);
        if (Option(machineOptions, "--uuid") is { } uuid)
        {
            Assert.Equal(uuid, (string?)libxl["c_info"]!["uuid"]);
            Assert.Contains($"--uuid={uuid}", args);
        }
    }

    private static string? Option(string[] options, string name) =>
        Array.IndexOf(options, name) is var i and >= 0 ? options[i + 1] : null;

    private static string RandomMac() => "00:16:3e:" + string.Join(':', Enumerable.Range(0, 3).Select(_ => Random.Shared.Next(256).ToString("x2")));

    private async Task<Command.Result> Ok(CancellationToken ct, params string[] args)
    {
        var result = await service.RunAsync(ct, args);
        Assert.True(result.ExitCode == 0, $"pxexen {string.Join(' ', args)}\n{result}\n--- service\n{service.ServiceOutput}");
        return result;
    }
}
