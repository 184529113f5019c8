using PxeXen.Boot.Dhcp;
using PxeXen.Inventory.Machines;

namespace PxeXen.Boot.Tests.Dhcp;

public sealed class BootFileSelectorTests
{
    private const string Mac = "00:16:3e:11:11:11";
    private static readonly Machine Web01 = new() { Name = "web01", Macs = [Mac], Profile = "debian12-xen" };
    private static readonly BootFileSettings Settings = new();

    private static BootQuery Query(ushort? arch, string? userClass = null, string? vendor = "PXEClient:Arch:00000:UNDI:002001", bool opt175 = false) =>
        new(Mac, arch, userClass is null ? [] : [userClass], vendor, opt175);

    [Theory]
    [InlineData((ushort)0, "undionly.kpxe", "PXEClient")]
    [InlineData((ushort)6, "ipxe-i386.efi", "PXEClient")]
    [InlineData((ushort)7, "ipxe.efi", "PXEClient")]
    [InlineData((ushort)9, "ipxe.efi", "PXEClient")]
    [InlineData((ushort)10, "ipxe-arm32.efi", "PXEClient")]
    [InlineData((ushort)11, "ipxe-arm64.efi", "PXEClient")]
    [InlineData((ushort)16, "http://10.0.0.1:5000/boot-images/ipxe.efi", "HTTPClient")]
    public void Decide_Firmware_GetsItsBootFile(ushort arch, string file, string vendor)
    {
        var d = BootFileSelector.Decide(Query(arch), Web01, Settings, "10.0.0.1");

        Assert.Equal(BootAction.NetBoot, d.Action);
        Assert.Equal(file, d.BootFile);
        Assert.Equal(vendor, d.VendorClass);
        Assert.Equal("debian12-xen", d.Profile);
        Assert.Contains(d.Steps, s => s.Rule == "option 93");
    }

    [Theory]
    [InlineData("iPXE", false)]
    [InlineData(null, true)]
    public void Decide_Ipxe_GetsItsScriptUrlNeverTheBinary(string? userClass, bool opt175)
    {
        var d = BootFileSelector.Decide(Query(0, userClass, opt175: opt175), Web01, Settings, "10.0.0.1");

        Assert.Equal("http://10.0.0.1:5000/ipxe/00:16:3e:11:11:11", d.BootFile);
        Assert.DoesNotContain(".kpxe", d.BootFile);
    }

    [Fact]
    public void Decide_XenHelper_GetsPxelinux()
    {
        var d = BootFileSelector.Decide(Query(0, "XenPV"), Web01, Settings, "10.0.0.1");

        Assert.Equal("pxelinux.0", d.BootFile);
        Assert.Equal(["registered MAC", "user class XenPV"], d.Steps.Select(s => s.Rule));
    }

    [Fact]
    public void Decide_PlainDhcpClient_GetsAddressOnly()
    {
        var d = BootFileSelector.Decide(Query(null, vendor: "udhcp 1.35.0"), Web01, Settings, "10.0.0.1");
        Assert.Equal(BootAction.AddressOnly, d.Action);
        Assert.Null(d.BootFile);
    }

    [Fact]
    public void Decide_VendorClassOnly_ReadsArchitectureFromIt()
    {
        var d = BootFileSelector.Decide(Query(null, vendor: "PXEClient:Arch:00007:UNDI:003016"), Web01, Settings, "10.0.0.1");
        Assert.Equal("ipxe.efi", d.BootFile);
    }

    [Theory]
    [InlineData(UnknownMacPolicy.Ignore, BootAction.Ignore, null)]
    [InlineData(UnknownMacPolicy.LocalBoot, BootAction.AddressOnly, null)]
    [InlineData(UnknownMacPolicy.DefaultProfile, BootAction.NetBoot, "undionly.kpxe")]
    public void Decide_UnknownMac_FollowsPolicy(UnknownMacPolicy policy, BootAction action, string? file)
    {
        var settings = new BootFileSettings { UnknownMacs = policy, DefaultProfile = "discovery" };
        var d = BootFileSelector.Decide(Query(0), null, settings, "10.0.0.1");

        Assert.Equal(action, d.Action);
        Assert.Equal(file, d.BootFile);
        Assert.False(d.Registered);
        Assert.Equal("unknown MAC", d.Steps[0].Rule);
    }

    [Fact]
    public void Decide_UnknownArchitecture_AddressOnlyAndSaysWhy()
    {
        var d = BootFileSelector.Decide(Query(99), Web01, Settings, "10.0.0.1");
        Assert.Equal(BootAction.AddressOnly, d.Action);
        Assert.Contains("type 99", d.Steps[^1].Outcome);
    }

    [Fact]
    public void Settings_DefaultProfilePolicyWithoutProfile_IsInvalid()
    {
        var settings = new BootFileSettings { UnknownMacs = UnknownMacPolicy.DefaultProfile, IpxeScriptUrl = "ftp://x" };
        var results = settings.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(settings)).ToList();
        Assert.Contains(results, r => r.MemberNames.Contains("DefaultProfile"));
        Assert.Contains(results, r => r.MemberNames.Contains("IpxeScriptUrl"));
    }
}
