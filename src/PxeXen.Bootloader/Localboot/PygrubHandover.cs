using System.Diagnostics;
using PxeXen.Bootloader.CommandLine;

namespace PxeXen.Bootloader.Localboot;

/// <summary>
/// LOCALBOOT (spec §7.9): run pygrub as a child that shares the console (fds 0-2), with its own
/// pre-created --output file (pygrub opens it O_WRONLY without O_CREAT) and the same format,
/// output directory, --runas/-q and --args; then hand its bytes back to be relayed verbatim on the
/// helper's already-open output. Not exec: with a FIFO the toolstack would see EOF too early.
/// </summary>
internal static class PygrubHandover
{
    private static readonly string[] LibexecCandidates =
    [
        "/usr/lib/xen/bin/pygrub", "/usr/libexec/xen/bin/pygrub", "/usr/lib/xen-4.17/bin/pygrub", "/usr/local/lib/xen/bin/pygrub",
    ];

    public static string? Locate(string? configured)
    {
        if (configured is not null)
            return configured;
        var beside = Path.Combine(AppContext.BaseDirectory, "pygrub");
        foreach (var candidate in LibexecCandidates.Prepend(beside))
            if (File.Exists(candidate))
                return candidate;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "pygrub")).FirstOrDefault(File.Exists);
    }

    /// <summary>The pygrub argv for this helper's options (pygrub's own getopt, spec §3).</summary>
    public static List<string> Arguments(BootloaderOptions options, string outputFile, string outputDirectory, string disk)
    {
        var arguments = new List<string>
        {
            "--output=" + outputFile,
            "--output-format=" + options.Format.ToString().ToLowerInvariant(),
            "--output-directory=" + outputDirectory,
        };
        if (options.RunAs is { } uid)
            arguments.Add("--runas=" + uid);
        // Non-interactive unless a person can be at the console: pygrub's --runas demands -q or --entry.
        if (options.Quiet || options.RunAs is not null || Console.IsInputRedirected)
            arguments.Add("-q");
        if (options.Kernel is not null)
            arguments.Add("--kernel=" + options.Kernel);
        if (options.Ramdisk is not null)
            arguments.Add("--ramdisk=" + options.Ramdisk);
        if (options.ExtraArguments.Count > 0)
            arguments.Add("--args=" + string.Join(' ', options.ExtraArguments));
        arguments.Add(disk);
        return arguments;
    }

    /// <summary>Runs pygrub and relays its record verbatim to <paramref name="output"/>; returns the exit status.</summary>
    public static async Task<int> RelayAsync(BootloaderOptions options, Output.OutputTarget output, Diagnostics log, string summary, CancellationToken cancellationToken)
    {
        log.Step(summary);
        var directory = options.OutputDirectory ?? Boot.BootFiles.DefaultDirectory();
        var (exitCode, bytes, error) = await RunAsync(options, directory, log, cancellationToken);
        if (exitCode != 0)
        {
            Diagnostics.FailExit(error ?? "pygrub failed");
            return exitCode;
        }
        if (!output.TryWrite(bytes, out var writeError))
            return Diagnostics.FailExit(writeError!);
        Diagnostics.Write($"LOCALBOOT: relayed pygrub's {bytes.Length}-byte record");
        return 0;
    }

    /// <summary>Runs pygrub; returns its exit status and, on success, the bytes it wrote.</summary>
    public static async Task<(int ExitCode, byte[] Output, string? Error)> RunAsync(BootloaderOptions options, string outputDirectory,
        Diagnostics log, CancellationToken cancellationToken)
    {
        var disk = options.PygrubImage ?? options.Disk;
        if (disk is null)
            return (1, [], "LOCALBOOT needs the guest's disk (the last argument) to hand over to pygrub");
        var pygrub = Locate(options.Pygrub);
        if (pygrub is null)
            return (1, [], "LOCALBOOT: pygrub not found (give --pygrub=PATH; Debian package xen-utils-4.17)");
        Directory.CreateDirectory(outputDirectory);
        var outputFile = Path.Combine(outputDirectory, $"pxexen-pygrub.{Environment.ProcessId}.out");
        await File.WriteAllBytesAsync(outputFile, [], cancellationToken);
        try
        {
            var start = new ProcessStartInfo(pygrub) { UseShellExecute = false };
            foreach (var argument in Arguments(options, outputFile, outputDirectory, disk))
                start.ArgumentList.Add(argument);
            log.Step($"LOCALBOOT: handing over to {pygrub} {string.Join(' ', start.ArgumentList)}");
            using var process = Process.Start(start);
            if (process is null)
                return (1, [], $"could not start {pygrub}");
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
                return (process.ExitCode, [], $"pygrub exited with status {process.ExitCode}");
            return (0, await File.ReadAllBytesAsync(outputFile, cancellationToken), null);
        }
        finally
        {
            File.Delete(outputFile);
        }
    }
}
