using System.Diagnostics;

namespace PxeXen.Bootloader;

/// <summary>
/// The helper's console output. Everything goes to stderr (under libxl/xend stdout and stderr are
/// the same pty; XAPI reads the record from stdout). One line per step; --quiet keeps errors only.
/// The last line is always a summary (spec §9: XAPI reports the last-but-one stderr line).
/// </summary>
internal sealed class Diagnostics(bool quiet, bool verbose)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Step(string message)
    {
        if (!quiet)
            Write(verbose ? $"[{_clock.Elapsed.TotalSeconds:0.000}] {message}" : message);
    }

    public void Detail(string message)
    {
        if (verbose && !quiet)
            Write($"[{_clock.Elapsed.TotalSeconds:0.000}] {message}");
    }

    public void Warning(string message)
    {
        if (!quiet)
            Write("warning: " + message);
    }

    public int Errors { get; private set; }

    public void Error(string message)
    {
        Errors++;
        Write("error: " + message);
    }

    /// <summary>The failure summary, then a short final line (XAPI reports the last-but-one stderr line, spec §9); returns 1.</summary>
    public static int FailExit(string reason)
    {
        Write("error: " + reason);
        Write("boot failed");
        return 1;
    }

    public static void Write(string message)
    {
        try
        {
            Console.Error.WriteLine("pxexen-boot: " + message);
        }
        catch (IOException)
        {
            // The console pty went away; the toolstack is tearing down. Nothing useful left to say.
        }
    }
}
