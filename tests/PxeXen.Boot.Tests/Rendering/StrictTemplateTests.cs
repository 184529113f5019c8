using PxeXen.Boot.Rendering;
using PxeXen.Boot.Templates;
using Scriban.Runtime;

namespace PxeXen.Boot.Tests.Rendering;

/// <summary>Strict mode: what the context lacks is an error naming the template and line, never an empty string.</summary>
public sealed class StrictTemplateTests : IDisposable
{
    private readonly string _menus = Directory.CreateTempSubdirectory("pxexen-menus-").FullName;

    private TemplateLibrary Library(string folder, string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(_menus, folder));
        File.WriteAllText(Path.Combine(_menus, folder, name + TemplateLibrary.Extension), text);
        return new TemplateLibrary(_menus);
    }

    private static ScriptObject Context()
    {
        var vars = new ScriptObject { ["suite"] = "bookworm" };
        var context = new ScriptObject { ["machine"] = new ScriptObject { ["name"] = "web01", ["ip"] = null }, ["vars"] = vars };
        return context;
    }

    [Fact]
    public void UnknownVariable_NamesTemplateAndLine()
    {
        var library = Library("pxelinux", "t", "LABEL a\n  KERNEL {{ kernel_path }}\n");
        var error = Assert.Throws<TemplateRenderException>(() => library.Render("pxelinux", "t", Context()));
        Assert.Equal("pxelinux/t.scriban", error.Template);
        Assert.Equal(2, error.Line);
        Assert.Contains("kernel_path", error.Message);
        Assert.StartsWith("template pxelinux/t.scriban line 2:", error.Message);
    }

    [Fact]
    public void UnknownMember_IsAnErrorToo()
    {
        var library = Library("answers", "t", "suite {{ vars.sute }}\n");
        var error = Assert.Throws<TemplateRenderException>(() => library.Render("answers", "t", Context()));
        Assert.Equal(1, error.Line);
        Assert.Contains("sute", error.Message);
    }

    [Fact]
    public void KnownNullValue_RendersEmpty_AndVarFunctionGivesDefaults()
    {
        var library = Library("answers", "t", "ip=[{{ machine.ip }}] suite={{ vars.suite }} mirror={{ var \"mirror\" \"deb.debian.org\" }}");
        Assert.Equal("ip=[] suite=bookworm mirror=deb.debian.org", library.Render("answers", "t", Context()));
    }

    [Fact]
    public void SyntaxError_NamesTemplateAndLine()
    {
        var library = Library("grub", "t", "ok\nok\n{{ if machine.name }}\nno end\n");
        var error = Assert.Throws<TemplateRenderException>(() => library.Render("grub", "t", Context()));
        Assert.Equal("grub/t.scriban", error.Template);
        Assert.True(error.Line >= 3, error.Message);
    }

    [Fact]
    public void MissingTemplate_SaysWhereItLooked()
    {
        var library = new TemplateLibrary(_menus);
        var error = Assert.Throws<TemplateNotFoundException>(() => library.Render("ipxe", "nope", Context()));
        Assert.Contains("nope.scriban", error.Message);
    }

    [Fact]
    public void ChangedTemplate_IsReadAgain()
    {
        var library = Library("ipxe", "t", "one {{ machine.name }}");
        Assert.Equal("one web01", library.Render("ipxe", "t", Context()));
        var path = Path.Combine(_menus, "ipxe", "t.scriban");
        File.WriteAllText(path, "two {{ machine.name }}!");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("two web01!", library.Render("ipxe", "t", Context()));
    }

    [Fact(Timeout = 30_000)]
    public async Task ShippedTemplates_UseOnlyWhatTheContextHas_ForEveryMachineAndKind()
    {
        // Every shipped template, rendered for machines of every breed, netboot on and off: none may fail.
        using var boot = new BootFixture();
        var ct = TestContext.Current.CancellationToken;
        await boot.SeedAsync(ct);
        foreach (var netboot in new[] { true, false })
        {
            foreach (var machine in await boot.Store.ListMachinesAsync(new PxeXen.Inventory.Store.MachineQuery(), ct))
            {
                await boot.Store.SetNetbootAsync(machine.Name, netboot, ct);
                var current = await boot.MachineAsync(machine.Name, ct);
                foreach (var kind in new[] { RenderKind.Pxelinux, RenderKind.Ipxe, RenderKind.Grub, RenderKind.Answer, RenderKind.XlCfg })
                {
                    var outcome = await boot.Renderer.RenderAsync(current, null, kind, null, null, ct);
                    // A generic distro (node12's alpine) has no answer file: "nothing to serve", not a failure.
                    var nothingToAnswer = kind == RenderKind.Answer && outcome.Missing && machine.Name == "node12";
                    Assert.True(outcome.Succeeded || nothingToAnswer, $"{machine.Name} {kind} netboot={netboot}: {outcome.Error}");
                }
            }
        }
        foreach (var kind in new[] { RenderKind.Pxelinux, RenderKind.Ipxe, RenderKind.Grub })
            Assert.True(boot.Renderer.RenderUnregistered(kind, "52:54:00:99:99:99", null, null).Succeeded);
    }

    public void Dispose() => Directory.Delete(_menus, recursive: true);
}
