using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PxeXen.Server.Settings;

namespace PxeXen.Server.Tests;

public sealed class SettingsValidationTests
{
    [Fact]
    public void MissingBootImagesDirectory_FailureNamesTheKey()
    {
        var options = Build(("Service:BootImages", "/nonexistent/pxexen-boot-images"));
        var error = Assert.Throws<OptionsValidationException>(() => options.Value);
        Assert.Contains(error.Failures, f => f.StartsWith("Service:BootImages:", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownKey_IsRefusedNotIgnored()
    {
        var options = Build(("Service:BootImage", "typo"));
        var error = Assert.ThrowsAny<InvalidOperationException>(() => options.Value);
        Assert.Contains("BootImage", error.Message);
    }

    private static IOptions<ServiceSettings> Build(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddPxeXenSettings<ServiceSettings>(configuration, ServiceSettings.Section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<ServiceSettings>>();
    }
}
