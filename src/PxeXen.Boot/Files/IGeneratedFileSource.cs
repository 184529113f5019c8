namespace PxeXen.Boot.Files;

/// <summary>
/// Files that exist only for the machine asking (per-MAC PXELINUX and GRUB configs, iPXE scripts).
/// TFTP and HTTP ask this seam before the disk; rendering happens in memory so tsize and
/// Content-Length are exact.
/// </summary>
public interface IGeneratedFileSource
{
    /// <returns>The rendered file, or null when <paramref name="request"/> is not a generated path (the disk is asked next).</returns>
    ValueTask<GeneratedFile?> TryGetAsync(BootFileRequest request, CancellationToken cancellationToken);
}
