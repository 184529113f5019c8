using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Cli;

/// <summary>
/// One real pxexen-server (SQLite, the repo's menus/, boot-images with a tiny Xen-capable kernel) on
/// a random loopback port, shared by the CLI tests of a class; <see cref="RunAsync"/> runs the real
/// <c>pxexen</c> executable in the service's directory, as an operator on that host would (the
/// token comes from its data/api-token).
/// </summary>
public class CliService : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private ServiceProcess? _service;

    public string Directory => _directory.Path;
    public int Port { get; } = Random.Shared.Next(30_000, 40_000);
    public string Server => $"http://127.0.0.1:{Port}";

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(_directory.Combine("boot-images", "debian12"));
        await File.WriteAllBytesAsync(_directory.Combine("boot-images", "debian12", "vmlinuz"), XenKernelImage.Create());
        await File.WriteAllTextAsync(_directory.Combine("boot-images", "debian12", "bare-vmlinuz"), "not a kernel Xen can boot");
        await File.WriteAllTextAsync(_directory.Combine("boot-images", "debian12", "initrd.gz"), "not a real initrd");
        _service = await ServiceProcess.StartAsync(Directory,
            // Only HTTP: TFTP's port 69 and DHCP are other suites' business (and shared by the host).
            [$"--Http:Port={Port}", "--Http:Address=127.0.0.1", "--Tftp:Enabled=false", "--Dhcp:Mode=Off",
             $"--Service:Menus={Path.Combine(RepoPaths.Root, "menus")}", .. ExtraSettings]);
    }

    /// <summary>Settings a derived fixture adds to the command line (e.g. an unknown-MAC policy).</summary>
    protected virtual IEnumerable<string> ExtraSettings => [];

    public string ServiceOutput => _service?.Output ?? "";

    /// <summary>Runs <c>pxexen ARGS --server URL</c> (the server flag unless the test gives its own).</summary>
    public Task<Command.Result> RunAsync(CancellationToken cancellationToken, params string[] args) => RunInAsync(Directory, cancellationToken, args);

    public async Task<Command.Result> RunInAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var pxexen = Path.Combine(AppContext.BaseDirectory, "pxexen.dll");
        string[] arguments = args.Contains("--server") ? [pxexen, .. args] : [pxexen, .. args, "--server", Server];
        return await Command.RunAsync(DotnetHost, arguments, TimeSpan.FromSeconds(60), workingDirectory, cancellationToken);
    }

    /// <summary>Starts <c>pxexen ARGS --server URL</c> and leaves it running (for <c>events --follow</c>).</summary>
    public System.Diagnostics.Process Start(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "pxexen.dll"), .. args, "--server", Server])
            start.ArgumentList.Add(argument);
        return System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start pxexen");
    }

    private static string DotnetHost =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_service is not null)
            await _service.DisposeAsync();
        _directory.Dispose();
    }
}
