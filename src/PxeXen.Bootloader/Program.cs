using System.Runtime.InteropServices;
using PxeXen.Bootloader;
using PxeXen.Bootloader.Boot;
using PxeXen.Bootloader.CommandLine;
using PxeXen.Bootloader.Localboot;
using PxeXen.Bootloader.Native;
using PxeXen.Bootloader.Network;
using PxeXen.Bootloader.Output;
using PxeXen.Bootloader.Restricted;

// pxexen-boot: the Xen PV network bootloader (xen-bootloader-spec.md). Exit 0 only with a record written.
var options = ArgvParser.Parse(args, out var parseError);
var log = new Diagnostics(options.Quiet, options.Verbose);
using var stop = new CancellationTokenSource();
var signal = 0;
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; signal = 143; stop.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; signal = 130; stop.Cancel(); });

if (options.WorkerResult is not null)
    return await RestrictedRun.WorkerAsync(options, log, stop.Token);

// Rule 1 (spec §1): --output is opened before anything slow or anything that can fail.
if (!OutputTarget.TryOpen(options.Output, out var opened, out var openError))
    return Fail(openError!);
using var output = opened!;
foreach (var warning in options.Warnings)
    log.Warning(warning);
if (parseError is not null)
    return Fail(parseError);
log.Step($"MAC {options.MacText}{(options.Interface is null ? "" : " via " + options.Interface)}");

try
{
    if (options.RunAs is { } uid)
    {
        if (LibC.Geteuid() == 0)
            return await RestrictedRun.ParentAsync(options, output, log, RestrictedRun.Budget(), stop.Token);
        log.Warning($"--runas={uid} given but not running as root; continuing as uid {LibC.Geteuid()}");
    }
    BootOutcome outcome;
    BootFiles files;
    try
    {
        var transport = UdpDhcpTransport.Open(options.Interface);
        files = BootFiles.Create(options.OutputDirectory);
        using (transport)
            outcome = await new BootFlow(options, log).RunAsync(transport, files, stop.Token);
    }
    catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
    {
        return Fail($"setup: {ex.Message} (the helper needs root for UDP port 68 and SO_BINDTODEVICE)");
    }
    using (files)
    {
        if (outcome.LocalBoot)
        {
            files.DeleteAll();
            return await PygrubHandover.RelayAsync(options, output, log, outcome.Summary, stop.Token);
        }
        if (outcome.Record is null)
        {
            files.DeleteAll();
            return Fail(outcome.Error!);
        }
        if (!RecordFormatter.TryFormat(outcome.Record, options.Format, out var bytes, out var formatError) || !output.TryWrite(bytes, out formatError))
        {
            files.DeleteAll();
            return Fail(formatError!);
        }
        Diagnostics.Write(outcome.Summary);
        return 0;
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Fail(signal == 0 ? "time budget exhausted" : $"stopped by signal (exit {signal})");
    return signal == 0 ? 1 : signal;
}

static int Fail(string reason) => Diagnostics.FailExit(reason);
