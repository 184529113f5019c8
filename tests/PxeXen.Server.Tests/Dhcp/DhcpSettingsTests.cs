using System.ComponentModel.DataAnnotations;
using PxeXen.Server.Dhcp;

namespace PxeXen.Server.Tests.Dhcp;

public sealed class DhcpSettingsTests
{
    private static List<string> Errors(DhcpSettings settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return results.Select(r => $"{r.MemberNames.FirstOrDefault()}: {r.ErrorMessage}").ToList();
    }

    [Fact]
    public void Default_IsOffAndValid()
    {
        var settings = new DhcpSettings();
        Assert.Equal(DhcpMode.Off, settings.Mode);
        Assert.Empty(Errors(settings));
    }

    [Theory]
    [InlineData("10.0.0.0/33", "10.0.0.10", "10.0.0.20", "Subnets:0:Network")]
    [InlineData("10.0.0.1/24", "10.0.0.10", "10.0.0.20", "Subnets:0:Network")]
    [InlineData("10.0.0.0/24", "10.0.1.10", "10.0.0.20", "Subnets:0:Pools:0:Start")]
    [InlineData("10.0.0.0/24", "10.0.0.30", "10.0.0.20", "Subnets:0:Pools:0:End")]
    public void BadSubnet_NamesTheKey(string network, string start, string end, string key)
    {
        var settings = new DhcpSettings
        {
            Mode = DhcpMode.Authoritative,
            Subnets = [new() { Network = network, Pools = [new() { Start = start, End = end }] }],
        };
        Assert.Contains(Errors(settings), e => e.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Authoritative_WithoutSubnets_IsInvalid()
    {
        Assert.Contains(Errors(new DhcpSettings { Mode = DhcpMode.Authoritative }), e => e.StartsWith("Subnets:", StringComparison.Ordinal));
    }

    [Fact]
    public void BadT1T2_IsInvalid()
    {
        var settings = new DhcpSettings { Subnets = [new() { Network = "10.0.0.0/24", LeaseTimeSeconds = 600, RenewalTimeSeconds = 700 }] };
        Assert.Contains(Errors(settings), e => e.Contains("RFC 2131 §4.4.5"));
    }
}
