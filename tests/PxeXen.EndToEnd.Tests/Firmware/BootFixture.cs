using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// The real Linux kernel and the tiny marker initramfs the test machines boot, built once per test
/// run by Fixtures/build-boot-fixture.sh from Debian's linux-image-amd64 and busybox-static.
/// </summary>
public sealed class BootFixture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static BootFixture? _built;

    private BootFixture(string directory) => Directory = directory;

    public string Directory { get; }
    public string Kernel => Path.Combine(Directory, "vmlinuz");
    public string Initrd => Path.Combine(Directory, "initrd.gz");

    /// <summary>The fixture, built on first use; skips the test when its Debian packages are missing.</summary>
    public static async Task<BootFixture> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_built is not null)
                return _built;
            var script = SourceTree.Combine("tests", "PxeXen.EndToEnd.Tests", "Firmware", "Fixtures", "build-boot-fixture.sh");
            var directory = System.IO.Directory.CreateTempSubdirectory("pxexen-e2e-fixture-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(directory, recursive: true);
            var result = await Command.RunAsync("bash", [script, directory], TimeSpan.FromSeconds(120));
            if (result.ExitCode == 3)
                Assert.Skip($"boot fixture cannot be built: {result.StandardError.Trim()}");
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"build-boot-fixture.sh failed: {result}");
            return _built = new BootFixture(directory);
        }
        finally
        {
            Gate.Release();
        }
    }
}
