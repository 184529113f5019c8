using PxeXen.Protocol.Pxelinux;

namespace PxeXen.Protocol.Tests.Pxelinux;

/// <summary>The config-syntax fixtures of xen-bootloader-spec §12.7, one test each.</summary>
public class PxelinuxConfigFixtureTests
{
    private static readonly SysAppendValues Sys = new("ip=10.0.0.2:10.0.0.1:10.0.0.254:255.255.255.0", "BOOTIF=01-00-16-3e-11-11-11", null);

    private static PxelinuxConfig Parse(string text, Dictionary<string, string>? files = null)
    {
        var builder = new PxelinuxConfigBuilder();
        builder.AddText(text, name => files is not null && files.TryGetValue(name, out var t) ? t : null);
        return builder.Config;
    }

    private static PxelinuxBootCommand Select(string text, string? label = null, Dictionary<string, string>? files = null)
    {
        Assert.True(PxelinuxEntrySelector.TrySelect(Parse(text, files), label, Sys, false, out var command, out var reason), reason);
        return command;
    }

    private static string SelectError(string text)
    {
        Assert.False(PxelinuxEntrySelector.TrySelect(Parse(text), null, Sys, false, out _, out var reason));
        return reason;
    }

    [Fact]
    public void DefaultLabelWithExtraWords_AppendsThem()
    {
        var c = Select("DEFAULT install text\nLABEL install\n  KERNEL vmlinuz\n  APPEND ks=x");
        Assert.Equal(("vmlinuz", "ks=x text", "install"), (c.KernelFile, c.Arguments, c.Label));
    }

    [Fact]
    public void DefaultImplicitKernel_BootsTheFile()
    {
        var c = Select("DEFAULT images/vmlinuz console=hvc0");
        Assert.Equal(("images/vmlinuz", "console=hvc0", (string?)null), (c.KernelFile, c.Arguments, c.Label));
        Assert.Equal(PxelinuxEntryType.Linux, c.Type);
    }

    [Fact]
    public void ImplicitZero_RefusesBareKernel() =>
        Assert.Contains("IMPLICIT 0", SelectError("IMPLICIT 0\nDEFAULT images/vmlinuz console=hvc0"));

    [Fact]
    public void UiMenuWithMenuDefaultAndDefault_DefaultWins()
    {
        var c = Select("UI menu.c32\nDEFAULT other\nLABEL first\n KERNEL k1\nLABEL chosen\n KERNEL k2\n MENU DEFAULT\nLABEL other\n KERNEL k3");
        Assert.Equal("k3", c.KernelFile);
    }

    [Fact]
    public void OldStyleDefaultVesamenu_UsesMenuDefault()
    {
        var c = Select("DEFAULT vesamenu.c32\nLABEL first\n KERNEL k1\nLABEL chosen\n KERNEL k2\n MENU DEFAULT\n");
        Assert.Equal("k2", c.KernelFile);
    }

    [Fact]
    public void MenuWithoutAnyDefault_TakesFirstVisibleEntry()
    {
        var c = Select("UI menu.c32\nLABEL hidden\n KERNEL k0\n MENU HIDE\nLABEL first\n KERNEL k1\n");
        Assert.Equal("k1", c.KernelFile);
    }

    [Fact]
    public void MenuOnTimeout_Wins()
    {
        var c = Select("UI menu.c32\nONTIMEOUT b\nLABEL a\n KERNEL ka\n MENU DEFAULT\nLABEL b\n KERNEL kb");
        Assert.Equal("kb", c.KernelFile);
    }

    [Fact]
    public void CliOnTimeout_OnlyWithPromptAndTimeout()
    {
        const string labels = "DEFAULT a\nONTIMEOUT b\nLABEL a\n KERNEL ka\nLABEL b\n KERNEL kb\n";
        Assert.Equal("ka", Select(labels).KernelFile);
        Assert.Equal("ka", Select("PROMPT 1\n" + labels).KernelFile);
        Assert.Equal("ka", Select("TIMEOUT 50\n" + labels).KernelFile);
        Assert.Equal("kb", Select("PROMPT 1\nTIMEOUT 50\n" + labels).KernelFile);
    }

    [Fact]
    public void GlobalAppendAndAppendDash()
    {
        const string text = "APPEND console=hvc0\nDEFAULT a\nLABEL a\n KERNEL ka\nLABEL b\n KERNEL kb\n APPEND -\nLABEL c\n KERNEL kc\n APPEND own\n";
        Assert.Equal("console=hvc0", Select(text).Arguments);
        Assert.Equal("", Select(text, "b").Arguments);
        Assert.Equal("own", Select(text, "c").Arguments);
    }

    [Fact]
    public void InitrdDirectiveVersusAppendInitrd_AppendWins()
    {
        var c = Select("DEFAULT a\nLABEL a\n KERNEL k\n INITRD a.img,b.img\n APPEND initrd=c.img quiet");
        Assert.True(c.TryGetInitrds(out var files, out _, out _));
        Assert.Equal(["c.img"], files);
        Assert.Equal("quiet", c.KernelArguments());
        Assert.Equal("initrd=c.img quiet initrd=a.img,b.img", c.KernelArguments(keepInitrdArgument: true));
    }

    [Fact]
    public void InitrdDirective_ListOfFiles()
    {
        var c = Select("DEFAULT a\nLABEL a\n KERNEL k\n INITRD a.img,b.img\n APPEND quiet");
        Assert.True(c.TryGetInitrds(out var files, out _, out _));
        Assert.Equal(["a.img", "b.img"], files);
    }

    [Fact]
    public void InitrdInsideLongerWord_WarnsButUsesIt()
    {
        var c = Select("DEFAULT a\nLABEL a\n KERNEL k\n APPEND rd.initrd=x.img");
        Assert.True(c.TryGetInitrds(out var files, out var warning, out _));
        Assert.Equal(["x.img"], files);
        Assert.NotNull(warning);
    }

    [Fact]
    public void EmptyInitrd_IsAnError()
    {
        var c = Select("DEFAULT a\nLABEL a\n KERNEL k\n APPEND initrd= quiet");
        Assert.False(c.TryGetInitrds(out _, out _, out var error));
        Assert.Contains("empty", error);
    }

    [Fact]
    public void IpAppendGlobalBeforeVersusAfterLabel()
    {
        var before = Select("IPAPPEND 3\nDEFAULT a\nLABEL a\n KERNEL k\n APPEND q");
        Assert.Equal("q ip=10.0.0.2:10.0.0.1:10.0.0.254:255.255.255.0 BOOTIF=01-00-16-3e-11-11-11", before.Arguments);
        var after = Select("DEFAULT a\nLABEL b\n KERNEL kb\nIPAPPEND 3\nLABEL a\n KERNEL k\n APPEND q");
        Assert.Equal("q", after.Arguments);
        Assert.Contains("BOOTIF=", Select("DEFAULT a\nLABEL b\n KERNEL kb\nIPAPPEND 3\nLABEL a\n KERNEL k\n APPEND q", "b").Arguments);
    }

    [Fact]
    public void IpAppendHexAndOctalNumbers()
    {
        Assert.Contains("BOOTIF=", Select("DEFAULT a\nLABEL a\n KERNEL k\n IPAPPEND 0x2").Arguments);
        Assert.Contains("ip=", Select("DEFAULT a\nLABEL a\n KERNEL k\n IPAPPEND 01").Arguments);
    }

    [Fact]
    public void TextHelpContainingLabel_IsSwallowed()
    {
        var config = Parse("DEFAULT a\nLABEL a\n KERNEL k\n TEXT HELP\n LABEL bogus\n KERNEL evil\n ENDTEXT\n APPEND x");
        Assert.Single(config.Labels);
        Assert.Equal("k", config.Labels[0].Kernel);
        Assert.Equal("x", config.Labels[0].Append);
    }

    [Fact]
    public void CommentsAndInlineHash()
    {
        var c = Select("# DEFAULT bogus\nDEFAULT a\n  # comment\nLABEL a\n KERNEL k\n APPEND a # b");
        Assert.Equal("a # b", c.Arguments);
    }

    [Fact]
    public void IncludeMissing_IsIgnored()
    {
        var c = Select("INCLUDE nothere.cfg\nDEFAULT a\nLABEL a\n KERNEL k");
        Assert.Equal("k", c.KernelFile);
    }

    [Fact]
    public void IncludeNested_ReadInPlace()
    {
        var files = new Dictionary<string, string>
        {
            ["one.cfg"] = "LABEL a\n KERNEL k1\nINCLUDE two.cfg\n",
            ["two.cfg"] = "LABEL b\n KERNEL k2\n",
        };
        var config = Parse("DEFAULT b\nMENU INCLUDE one.cfg Title\nLABEL c\n KERNEL k3", files);
        Assert.Equal(["a", "b", "c"], config.Labels.Select(l => l.Name));
        Assert.Equal("k2", Select("DEFAULT b\nINCLUDE one.cfg", files: files).KernelFile);
    }

    [Fact]
    public void IncludeRecursive_StopsAtDepthLimit()
    {
        var files = new Dictionary<string, string> { ["self.cfg"] = "LABEL x\n KERNEL k\nINCLUDE self.cfg\n" };
        var config = Parse("INCLUDE self.cfg", files);
        Assert.Equal(16, config.Labels.Count);
        Assert.Contains(config.Warnings, w => w.Contains("nesting"));
    }

    [Theory]
    [InlineData("::x", "::x")]
    [InlineData("host::x", "host::x")]
    [InlineData("tftp://h/x", "tftp://h/x")]
    [InlineData("/abs", "/abs")]
    public void KernelNameForms_KeptForResolution(string kernel, string file) =>
        Assert.Equal(file, Select($"DEFAULT a\nLABEL a\n KERNEL {kernel}").KernelFile);

    [Fact]
    public void KernelWithArgumentsPlusAppend()
    {
        var c = Select("DEFAULT a\nLABEL a\n KERNEL vmlinuz foo=bar\n APPEND baz=1");
        Assert.Equal(("vmlinuz", "foo=bar baz=1"), (c.KernelFile, c.Arguments));
    }

    [Fact]
    public void LabelWithoutKernel_BootsLabelName()
    {
        var c = Select("DEFAULT vmlinuz-6.1\nLABEL vmlinuz-6.1\n APPEND q");
        Assert.Equal(("vmlinuz-6.1", "q"), (c.KernelFile, c.Arguments));
    }

    [Fact]
    public void LocalBoot_IsItsOwnType()
    {
        var c = Select("DEFAULT local\nLABEL local\n LOCALBOOT 0");
        Assert.Equal(PxelinuxEntryType.LocalBoot, c.Type);
    }

    [Theory]
    [InlineData("KERNEL chain.c32", PxelinuxEntryType.Com32)]
    [InlineData("KERNEL pxelinux.0", PxelinuxEntryType.Pxe)]
    [InlineData("KERNEL fd.img", PxelinuxEntryType.FdImage)]
    [InlineData("COM32 menu.c32", PxelinuxEntryType.Com32)]
    [InlineData("LINUX chain.c32", PxelinuxEntryType.Linux)]
    [InlineData("CONFIG other.cfg", PxelinuxEntryType.Config)]
    public void EntryType_FromDirectiveOrExtension(string line, PxelinuxEntryType type) =>
        Assert.Equal(type, Select($"DEFAULT a\nLABEL a\n {line}").Type);

    [Fact]
    public void CrlfLines_AndMixedCaseKeywords()
    {
        var c = Select("dEfAuLt a\r\nLaBeL a\r\n  kErNeL vmlinuz\r\n  aPpEnD quiet\r\n");
        Assert.Equal(("vmlinuz", "quiet"), (c.KernelFile, c.Arguments));
    }

    [Fact]
    public void LabelNames_AreCaseSensitive()
    {
        var c = Select("DEFAULT Install\nLABEL install\n KERNEL wrong\nLABEL Install\n KERNEL right");
        Assert.Equal("right", c.KernelFile);
        // "INSTALL" is no label, so it is booted as an implicit kernel file of that name.
        Assert.Equal(("INSTALL", (string?)null), (Select("DEFAULT INSTALL\nLABEL install\n KERNEL k").KernelFile, Select("DEFAULT INSTALL\nLABEL install\n KERNEL k").Label));
    }

    [Fact]
    public void KeywordGlued_IsNotKeyword()
    {
        var config = Parse("LABELfoo\nLABEL a\n KERNELx y\n KERNEL k");
        Assert.Single(config.Labels);
        Assert.Equal("k", config.Labels[0].Kernel);
    }

    [Fact]
    public void NoDefaultNoUi_IsAnError() =>
        Assert.Contains("No DEFAULT", SelectError("LABEL a\n KERNEL k"));

    [Fact]
    public void NoDefault_FallbackFirstLabelOptIn()
    {
        Assert.True(PxelinuxEntrySelector.TrySelect(Parse("LABEL a\n KERNEL k"), null, Sys, true, out var c, out _));
        Assert.Equal("k", c.KernelFile);
    }

    [Fact]
    public void LabelOption_OverridesDefault_WithExtraWords()
    {
        var c = Select("DEFAULT a\nLABEL a\n KERNEL ka\nLABEL b\n KERNEL kb\n APPEND x", "b single");
        Assert.Equal(("kb", "x single"), (c.KernelFile, c.Arguments));
    }

    [Fact]
    public void MenuSeparator_IsNotBootable()
    {
        var c = Select("UI menu.c32\nLABEL sep\n MENU SEPARATOR\nLABEL real\n KERNEL k");
        Assert.Equal("k", c.KernelFile);
    }

    [Fact]
    public void OverlongLine_Warns()
    {
        var config = Parse("APPEND " + new string('a', 5000));
        Assert.Contains(config.Warnings, w => w.Contains("4095"));
    }
}
