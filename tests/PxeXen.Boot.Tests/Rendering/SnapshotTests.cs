using PxeXen.Boot.Rendering;

namespace PxeXen.Boot.Tests.Rendering;

/// <summary>
/// What representative machines get from the shipped templates, compared with files in
/// Snapshots/. After an intended template change, run with PXEXEN_UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly BootFixture _boot = new();

    public static TheoryData<string, string> Cases() => new()
    {
        { "web01", "pxelinux" }, { "web01", "ipxe" }, { "web01", "grub" }, { "web01", "answer" }, { "web01", "xl.cfg" },
        { "desk07", "ipxe" }, { "desk07", "answer" },
        { "db01", "answer" }, { "sles01", "answer" },
        { "node12", "pxelinux" }, { "node12", "ipxe" }, { "node12", "grub" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Cases))]
    public async Task Render_MatchesSnapshot(string machineName, string kindName)
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        Assert.True(RenderKinds.TryParse(kindName, out var kind));
        var outcome = await _boot.Renderer.RenderAsync(await _boot.MachineAsync(machineName, ct), null, kind, null, null, ct);
        Assert.True(outcome.Succeeded, outcome.Error);
        AssertSnapshot($"{machineName}.{kindName}.txt", outcome.Text!);
    }

    [Fact(Timeout = 30_000)]
    public async Task NetbootOff_RendersLocalBoot()
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        Assert.True((await _boot.Store.SetNetbootAsync("web01", false, ct)).Succeeded);
        var machine = await _boot.MachineAsync("web01", ct);
        foreach (var kind in new[] { RenderKind.Pxelinux, RenderKind.Ipxe, RenderKind.Grub })
        {
            var outcome = await _boot.Renderer.RenderAsync(machine, null, kind, null, null, ct);
            Assert.True(outcome.Succeeded, outcome.Error);
            Assert.True(outcome.Local);
            AssertSnapshot($"web01.local.{RenderKinds.Folder(kind)}.txt", outcome.Text!);
        }
    }

    internal static void AssertSnapshot(string name, string actual)
    {
        var path = Path.Combine(BootFixture.RepoRoot, "tests", "PxeXen.Boot.Tests", "Snapshots", name);
        if (Environment.GetEnvironmentVariable("PXEXEN_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no snapshot {path}; run with PXEXEN_UPDATE_SNAPSHOTS=1 to create it from:\n{actual}");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    public void Dispose() => _boot.Dispose();
}
