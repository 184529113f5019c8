using System.Diagnostics;
using System.Globalization;
using PxeXen.Bootloader.Boot;
using PxeXen.Bootloader.CommandLine;
using PxeXen.Bootloader.Localboot;
using PxeXen.Bootloader.Native;
using PxeXen.Bootloader.Network;
using PxeXen.Bootloader.Output;

namespace PxeXen.Bootloader.Restricted;

/// <summary>
/// Restricted mode (spec §2.8, §7.9, §11): managed code cannot fork, so the root parent re-runs
/// this executable as a worker. The worker binds UDP/68, creates the kernel/ramdisk files and opens
/// the result file while root, drops to --runas, then does everything that parses network data.
/// The parent relays the record, or runs pygrub as root (so pygrub can honour --runas itself).
/// </summary>
internal static class RestrictedRun
{
    /// <summary>libxl kills a restricted bootloader after LIBXL_BOOTLOADER_TIMEOUT (120 s); finish 5 s before.</summary>
    public static TimeSpan? Budget()
    {
        var text = Environment.GetEnvironmentVariable("LIBXL_BOOTLOADER_TIMEOUT");
        var seconds = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 120;
        return seconds <= 0 ? null : TimeSpan.FromSeconds(Math.Max(1, seconds - 5));
    }

    public static async Task<int> ParentAsync(BootloaderOptions options, OutputTarget output, Diagnostics log, TimeSpan? budget, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.OutputDirectory ?? BootFiles.DefaultDirectory());
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var resultPath = Path.Combine(directory, $"pxexen-worker.{Environment.ProcessId}.result");
        using (new FileStream(resultPath, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
        }
        WorkerResult result;
        int exitCode;
        try
        {
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("own executable path unknown");
            var start = new ProcessStartInfo(self) { UseShellExecute = false }; // stdio stays on the console pty
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pxexen-boot.dll"));
            foreach (var argument in options.Argv)
                start.ArgumentList.Add(argument);
            start.ArgumentList.Add("--pxexen-worker=" + resultPath);
            using var worker = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (budget is { } limit)
                deadline.CancelAfter(limit);
            try
            {
                await worker.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync(CancellationToken.None);
                Cleanup(WorkerResult.Parse(await File.ReadAllBytesAsync(resultPath, CancellationToken.None)), keepRamdisk: false);
                return Diagnostics.FailExit(cancellationToken.IsCancellationRequested ? "stopped by signal" : $"restricted-mode budget of {budget!.Value.TotalSeconds:0} s exhausted");
            }
            exitCode = worker.ExitCode;
            result = WorkerResult.Parse(await File.ReadAllBytesAsync(resultPath, CancellationToken.None));
        }
        finally
        {
            File.Delete(resultPath);
        }
        if (exitCode != 0 || (result.Record is null && !result.LocalBoot))
        {
            Cleanup(result, keepRamdisk: false);
            return Diagnostics.FailExit($"unprivileged worker failed (exit {exitCode})");
        }
        if (result.LocalBoot)
        {
            Cleanup(result, keepRamdisk: false);
            return await PygrubHandover.RelayAsync(options, output, log, "LOCALBOOT", cancellationToken);
        }
        var record = result.Record!;
        // An unused ramdisk file is the parent's to remove: the worker cannot unlink in a root-owned directory.
        var ramdiskUsed = result.Ramdisk is not null && record.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(result.Ramdisk)) >= 0;
        if (!ramdiskUsed && result.Ramdisk is not null)
            TryDelete(result.Ramdisk);
        if (!output.TryWrite(record, out var error))
        {
            Cleanup(result, keepRamdisk: false);
            return Diagnostics.FailExit(error!);
        }
        Diagnostics.Write($"restricted run as uid {options.RunAs}: record written to {output.Description}");
        return 0;
    }

    public static async Task<int> WorkerAsync(BootloaderOptions options, Diagnostics log, CancellationToken cancellationToken)
    {
        if (options.RunAs is not { } uid)
            return Diagnostics.FailExit("worker mode needs --runas");
        using var result = new FileStream(options.WorkerResult!, FileMode.Append, FileAccess.Write);
        BootFiles files;
        IDhcpTransport transport;
        try
        {
            transport = UdpDhcpTransport.Open(options.Interface);
            files = BootFiles.Create(options.OutputDirectory);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            return Diagnostics.FailExit($"setup: {ex.Message}");
        }
        using (files)
        {
            result.Write(WorkerResult.FilesLine(files.Kernel.Name, files.Ramdisk.Name));
            result.Flush();
            if (LibC.Geteuid() == 0 && !PrivilegeDrop.TryDrop(uid, out var dropError))
                return Diagnostics.FailExit(dropError!);
            log.Step($"running as uid {LibC.Geteuid()}");
            var outcome = await new BootFlow(options, log).RunAsync(transport, files, cancellationToken);
            if (outcome.LocalBoot)
            {
                result.Write(WorkerResult.LocalBootLine);
                log.Step(outcome.Summary);
                return 0;
            }
            if (outcome.Record is null)
                return Diagnostics.FailExit(outcome.Error!);
            if (!RecordFormatter.TryFormat(outcome.Record, options.Format, out var bytes, out var formatError))
                return Diagnostics.FailExit(formatError!);
            result.Write(WorkerResult.RecordLines(bytes));
            result.Flush();
            log.Step(outcome.Summary);
            return 0;
        }
    }

    private static void Cleanup(WorkerResult result, bool keepRamdisk)
    {
        if (result.Kernel is not null)
            TryDelete(result.Kernel);
        if (!keepRamdisk && result.Ramdisk is not null)
            TryDelete(result.Ramdisk);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
