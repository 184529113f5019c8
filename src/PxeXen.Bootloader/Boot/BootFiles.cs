namespace PxeXen.Bootloader.Boot;

/// <summary>
/// The kernel and ramdisk files handed to the toolstack: fresh <c>boot_kernel.XXXXXX</c> /
/// <c>boot_ramdisk.XXXXXX</c> (pygrub's names) created O_CREAT|O_EXCL mode 0600 in the output
/// directory, never a path worth keeping (the toolstack unlinks them, spec §1 rule 2). Created up
/// front, while still root; deleted again on failure.
/// </summary>
internal sealed class BootFiles : IDisposable
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private BootFiles(string directory, FileStream kernel, FileStream ramdisk)
    {
        Directory = directory;
        Kernel = kernel;
        Ramdisk = ramdisk;
    }

    public string Directory { get; }
    public FileStream Kernel { get; }
    public FileStream Ramdisk { get; }
    public bool RamdiskUsed { get; set; }
    private bool _keep;

    /// <summary>Default when --output-directory is absent (xend): /var/run/xend/boot if it exists, else /var/run/xen/pxexen-boot.</summary>
    public static string DefaultDirectory() =>
        System.IO.Directory.Exists("/var/run/xend/boot") ? "/var/run/xend/boot" : "/var/run/xen/pxexen-boot";

    public static BootFiles Create(string? directory)
    {
        directory = Path.GetFullPath(directory ?? DefaultDirectory());
        if (!System.IO.Directory.Exists(directory))
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var kernel = CreateFresh(directory, "boot_kernel.");
        try
        {
            return new BootFiles(directory, kernel, CreateFresh(directory, "boot_ramdisk."));
        }
        catch
        {
            kernel.Dispose();
            File.Delete(kernel.Name);
            throw;
        }
    }

    private static FileStream CreateFresh(string directory, string prefix)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Random.Shared, not RandomNumberGenerator: O_EXCL already guarantees a fresh file, and
            // loading OpenSSL would cost ~15 ms of start-up before the first DHCP packet.
            var path = Path.Combine(directory, prefix + string.Create(6, 0, static (chars, _) =>
            {
                for (var i = 0; i < chars.Length; i++)
                    chars[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
            }));
            try
            {
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.ReadWrite,
                    BufferSize = 1 << 20,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (attempt < 20 && File.Exists(path))
            {
            }
        }
    }

    /// <summary>Flushes both files and keeps them (success); an unused ramdisk file is removed, as pygrub does.</summary>
    public void Commit()
    {
        Kernel.Flush();
        Ramdisk.Flush();
        _keep = true;
        if (!RamdiskUsed)
        {
            Ramdisk.Dispose();
            TryDelete(Ramdisk.Name); // fails harmlessly in a restricted worker; its parent removes it
        }
    }

    public void Dispose()
    {
        Kernel.Dispose();
        Ramdisk.Dispose();
        if (_keep)
            return;
        TryDelete(Kernel.Name);
        TryDelete(Ramdisk.Name);
    }

    public void DeleteAll()
    {
        _keep = false;
        Dispose();
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
