using System.Text.Json.Nodes;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// Registers the fixture distro, a profile and a machine through the REST API (docs/api.md), and
/// reads back what PxeXen renders for the machine. A missing endpoint fails the test, naming it:
/// the API is part of the product these tests prove.
/// </summary>
public sealed class TestInventory(InNamespaceApi api, BootNetwork network)
{
    public const string Distro = "e2e-linux";

    public sealed record RenderedKernel(string KernelFileName, string Args, string Script);

    /// <summary>One profile per machine, so the machine → profile mapping shows in the command line.</summary>
    public async Task RegisterAsync(string machine, string mac, string kernelArgs, bool netboot = true)
    {
        var distros = await api.GetAsync("/distros");
        if (distros.Status == 404)
            Assert.Fail($"the REST API (GET /api/v1/distros) is not in this build of the service: {distros}");
        if ((await api.GetAsync($"/distros/{Distro}")).Status == 404)
            await api.MustAsync("POST", "/distros", new
            {
                name = Distro,
                kernel = PxeXenBootServer.KernelPath,
                initrds = new[] { PxeXenBootServer.InitrdPath },
                arch = "x86_64",
                breed = "generic",
                kernelArgs = "",
            });
        await api.MustAsync("POST", "/profiles", new
        {
            name = machine,
            distro = Distro,
            kernelArgs = $"{kernelArgs} e2e.machine={machine}",
        });
        await api.MustAsync("POST", "/machines", new
        {
            name = machine,
            macs = new[] { mac },
            profile = machine,
            hostname = machine,
            netboot,
        });
    }

    /// <summary>The kernel line of the machine's rendered iPXE script: file name and arguments.</summary>
    public async Task<RenderedKernel> RenderedKernelArgsAsync(string machine)
    {
        var response = await api.GetAsync($"/machines/{machine}/render/ipxe");
        if (response.Status == 404)
            Assert.Fail($"GET /api/v1/machines/{{name}}/render/ipxe is not in this build of the service: {response}");
        Assert.True(response.Status == 200, $"render ipxe: {response}");
        var kernelLine = response.Body.Split('\n').Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("kernel ", StringComparison.Ordinal) || line.StartsWith("chain ", StringComparison.Ordinal));
        Assert.True(kernelLine is not null, $"no kernel line in the rendered iPXE script:\n{response.Body}");
        // kernel [--name N] URL args... [|| goto failed]
        var words = kernelLine.Split(" ||", 2)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        if (words.Count > 1 && words[0] == "--name")
            words.RemoveRange(0, 2);
        var url = words[0];
        var fileName = url[(url.LastIndexOf('/') + 1)..];
        return new RenderedKernel(fileName, string.Join(' ', words.Skip(1)), response.Body);
    }

    /// <summary>The stages of the boot events recorded for a MAC, oldest first.</summary>
    public async Task<IReadOnlyList<string>> StagesAsync(string mac)
    {
        var response = await api.GetAsync($"/events?mac={mac}");
        Assert.True(response.Status == 200, $"events: {response}");
        return response.Json is JsonArray events
            ? [.. events.Select(e => e?["stage"]?.GetValue<string>() ?? "")]
            : [];
    }

    public BootNetwork Network => network;
}
