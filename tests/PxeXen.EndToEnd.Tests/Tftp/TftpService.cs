using System.Security.Cryptography;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Tftp;

/// <summary>
/// One pxexen-server inside a server namespace, serving a fresh root over a veth pair (MTU 1500) on a
/// high port; the real clients run in the client namespace. Started on first use by a test, so a
/// missing root or iproute2 skips that test instead of failing the class.
/// </summary>
public sealed class TftpService : IAsyncLifetime
{
    public const int Port = 6969;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TempDirectory _directory = new();
    private VethPair? _veth;
    private ServiceProcess? _service;

    public VethPair Veth => _veth!;
    public ServiceProcess Process => _service!;
    public string Root => _directory.Combine("boot-images");
    public string Outside => _directory.Combine("outside");
    public string Output(string name) => _directory.Combine("out", name);

    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_service is not null)
                return;
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(Outside);
            Directory.CreateDirectory(_directory.Combine("out"));
            File.WriteAllText(Path.Combine(Outside, "secret"), "TOP SECRET\n");
            File.CreateSymbolicLink(Path.Combine(Root, "escape"), Outside);
            File.CreateSymbolicLink(Path.Combine(Root, "secret-link"), Path.Combine(Outside, "secret"));
            WriteRandom("k10M.bin", 10 << 20);
            File.WriteAllText(Path.Combine(Root, "menu.txt"), "DEFAULT linux\nLABEL linux\n  KERNEL vmlinuz\n  APPEND initrd=initrd.img\n");
            _veth = await VethPair.CreateAsync("tftp", 69);
            _service = await ServiceProcess.StartAsync(_directory.Path,
                [$"--Tftp:Port={Port}", $"--Tftp:Address={_veth.ServerAddress}", "--urls=http://127.0.0.1:0"],
                _veth.ServerNamespace);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Random content of <paramref name="length"/> bytes under the root (once).</summary>
    public string WriteRandom(string name, long length)
    {
        var path = Path.Combine(Root, name);
        if (File.Exists(path) && new FileInfo(path).Length == length)
            return path;
        using var file = File.Create(path);
        var chunk = new byte[1 << 20];
        for (long written = 0; written < length; written += chunk.Length)
        {
            RandomNumberGenerator.Fill(chunk);
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, length - written));
        }
        return path;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
            await _service.DisposeAsync();
        if (_veth is not null)
            await _veth.DisposeAsync();
        _directory.Dispose();
        _gate.Dispose();
    }
}
