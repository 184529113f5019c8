namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// Compares the command line a netbooted kernel saw with the arguments the boot server rendered.
/// Boot loaders add words of their own, and only these are tolerated: iPXE's EFI build puts the
/// image name first (it is the EFI load option), iPXE scripts and PXELINUX name the initrd with
/// initrd= (the EFI stub loads it by that name), PXELINUX adds BOOT_IMAGE=.
/// </summary>
public static class KernelCommandLine
{
    public static void AssertRendered(string renderedArgs, BootMarker marker, string kernelFileName)
    {
        var expected = renderedArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(word => !IsLoaderWord(word)).ToList();
        var actual = marker.Words.ToList();
        if (actual.Count > 0 && actual[0] == kernelFileName)
            actual.RemoveAt(0);
        actual.RemoveAll(IsLoaderWord);
        Assert.True(expected.SequenceEqual(actual),
            $"kernel command line differs from the rendered one\n  rendered: {string.Join(' ', expected)}\n  booted:   {string.Join(' ', actual)}\n  (raw /proc/cmdline: {marker.CommandLine})");
    }

    private static bool IsLoaderWord(string word) =>
        word.StartsWith("initrd=", StringComparison.Ordinal) || word.StartsWith("BOOT_IMAGE=", StringComparison.Ordinal);
}
