using System.Diagnostics;

namespace PxeXen.Bootloader.Tests.Output;

/// <summary>Runs the built pxexen-boot (the apphost copied next to the tests) as the toolstack would.</summary>
internal static class HelperProcess
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "pxexen-boot");

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> argv, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>mkfifo(1) (coreutils): a FIFO like the one xend and libxl 4.1 create.</summary>
    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", ["-m", "600", path]);
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
            throw new IOException($"mkfifo {path} failed");
    }
}
