using PxeXen.Boot.Rendering;
using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Store;
using PxeXen.Protocol.Pxelinux;

namespace PxeXen.Boot.Tests.Rendering;

/// <summary>
/// Every rendered pxelinux config read back with PxeXen.Protocol's PXELINUX parser (syslinux's
/// readconfig rules, the one pxexen-boot uses): no warnings, and the entry an unattended boot
/// picks is the distro's kernel and initrds, or LOCALBOOT when netboot is off.
/// </summary>
public sealed class PxelinuxParserTests : IDisposable
{
    private readonly BootFixture _boot = new();

    private static PxelinuxConfig Parse(string text)
    {
        var builder = new PxelinuxConfigBuilder();
        builder.AddText(text, include => throw new InvalidOperationException($"rendered config includes {include}"));
        return builder.Config;
    }

    [Fact(Timeout = 30_000)]
    public async Task EveryMachinesConfig_ParsesAndBootsItsDistro_OrTheLocalDisk()
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        var machines = await _boot.Store.ListMachinesAsync(new MachineQuery(), ct);
        Assert.True(machines.Count >= 5);
        foreach (var netboot in new[] { true, false })
        {
            foreach (var listed in machines)
            {
                await _boot.Store.SetNetbootAsync(listed.Name, netboot, ct);
                var machine = await _boot.MachineAsync(listed.Name, ct);
                var outcome = await _boot.Renderer.RenderAsync(machine, null, RenderKind.Pxelinux, null, null, ct);
                Assert.True(outcome.Succeeded, outcome.Error);
                var config = Parse(outcome.Text!);
                var what = $"{machine.Name} netboot={netboot}:\n{outcome.Text}";
                Assert.True(config.Warnings.Count == 0, $"{string.Join("; ", config.Warnings)}\n{what}");
                Assert.True(PxelinuxEntrySelector.TrySelect(config, null, SysAppendValues.None, fallbackFirstLabel: false, out var command, out var reason), $"{reason}\n{what}");
                if (!netboot)
                {
                    Assert.True(command.Type == PxelinuxEntryType.LocalBoot, what);
                    continue;
                }
                var profile = ProfileChain.Resolve(await _boot.Store.GetProfileChainAsync(machine.Profile, ct), out var chainError);
                Assert.True(profile is not null, chainError);
                var distro = await _boot.Store.GetDistroAsync(profile.Distro!, ct);
                Assert.True(command.Type == PxelinuxEntryType.Linux, what);
                Assert.True(distro!.Kernel == command.KernelFile, what);
                Assert.True(command.TryGetInitrds(out var initrds, out var warning, out var initrdError), initrdError);
                Assert.Null(warning);
                Assert.Equal(distro.Initrds, initrds);
            }
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task KernelArguments_AreWhatTheMachineNeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        async Task<string> ArgumentsAsync(string name)
        {
            var outcome = await _boot.Renderer.RenderAsync(await _boot.MachineAsync(name, ct), null, RenderKind.Pxelinux, null, null, ct);
            Assert.True(PxelinuxEntrySelector.TrySelect(Parse(outcome.Text!), null, SysAppendValues.None, false, out var command, out var reason), reason);
            return command.KernelArguments();
        }
        Assert.Contains("url=http://10.0.0.1:5000/answers/00-16-3e-11-11-11", await ArgumentsAsync("web01"));
        Assert.StartsWith("ip=10.0.0.112:10.0.0.1:10.0.0.1:255.255.255.0:node12:eth1:off ", await ArgumentsAsync("node12"));
    }

    [Fact]
    public void StrangersConfig_IsLocalBoot()
    {
        var outcome = _boot.Renderer.RenderUnregistered(RenderKind.Pxelinux, "52:54:00:99:99:99", null, null);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(PxelinuxEntrySelector.TrySelect(Parse(outcome.Text!), null, SysAppendValues.None, false, out var command, out var reason), reason);
        Assert.Equal(PxelinuxEntryType.LocalBoot, command.Type);
    }

    [Fact]
    public void TheCheck_CanFail()
    {
        // A config whose DEFAULT names no label under IMPLICIT 0 boots nothing: the parser says so.
        Assert.False(PxelinuxEntrySelector.TrySelect(Parse("DEFAULT instal\nIMPLICIT 0\nLABEL install\n  KERNEL a/linux\n"), null, SysAppendValues.None, false, out _, out var reason));
        Assert.Contains("instal", reason);
    }

    public void Dispose() => _boot.Dispose();
}
