using System.Globalization;
using PxeXen.Cli.Checks;

namespace PxeXen.Cli.Api;

/// <summary>
/// A pxexen-server process on this host and the settings it really runs with: the appsettings.json
/// of its working directory, then its PXEXEN_* environment, then its command line (the order .NET
/// layers them). Operators start it with flags (<c>--Http:Port=8080</c>) as often as with a file;
/// <c>check</c> and the choice of server and token must see both.
/// </summary>
public sealed record RunningService(int Pid, string Directory, LocalService Settings)
{
    /// <summary>The pxexen-server holding TCP <paramref name="httpPort"/>; null when none (or not visible to this user).</summary>
    public static RunningService? Find(ListeningSockets sockets, string procRoot, int httpPort)
    {
        var holder = sockets.Find("tcp", httpPort).FirstOrDefault(h => h.Pid is not null && ListeningSockets.IsPxeXen(h.Process));
        return holder?.Pid is { } pid ? Read(procRoot, pid) : null;
    }

    /// <summary>A pxexen-server started in <paramref name="directory"/>, the one an operator there means; null when none.</summary>
    public static RunningService? InDirectory(string procRoot, string directory)
    {
        var wanted = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        foreach (var entry in SafeDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            if (ProgramIndex(ReadNulSeparated(Path.Combine(entry, "cmdline"))) < 0)
                continue;
            if (ReadLink(Path.Combine(entry, "cwd")) is { } cwd && Path.TrimEndingDirectorySeparator(cwd) == wanted)
                return Read(procRoot, pid);
        }
        return null;
    }

    private static RunningService? Read(string procRoot, int pid)
    {
        var process = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        if (ReadLink(Path.Combine(process, "cwd")) is not { } directory)
            return null;
        var args = ReadNulSeparated(Path.Combine(process, "cmdline"));
        // The settings follow the program; a process found by its port under another name: after argv[0].
        var program = ProgramIndex(args);
        var settingsArgs = args.Skip(program >= 0 ? program + 1 : 1).ToList();
        var overrides = SettingsOverlay.FromEnvironment(ReadNulSeparated(Path.Combine(process, "environ")))
            .Concat(SettingsOverlay.FromCommandLine(settingsArgs))
            .ToList();
        return new RunningService(pid, directory, LocalService.Load(directory, overrides));
    }

    /// <summary>
    /// Where the pxexen-server program is in a command line ("dotnet [options] .../pxexen-server.dll
    /// ARGS" or ".../pxexen-server ARGS"), or -1 when it is another program.
    /// </summary>
    private static int ProgramIndex(string[] args) => Array.FindIndex(args, a =>
        Path.GetFileName(a) is "pxexen-server.dll" or "pxexen-server" or "PxeXen.Server.dll");

    private static string? ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string[] ReadNulSeparated(string path)
    {
        try { return File.ReadAllText(path).Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string[] SafeDirectories(string path)
    {
        try { return System.IO.Directory.GetDirectories(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
