using PxeXen.Cli.Api;

namespace PxeXen.Cli.Checks;

/// <summary>
/// The pxexen-server process listening on the API's port on this host, and the settings it really
/// runs with: the appsettings.json of its working directory, then its PXEXEN_* environment, then
/// its command line (the order .NET layers them). Operators start it with flags
/// (<c>--Dhcp:Mode=Authoritative</c>) as often as with a file; <c>check</c> must see both.
/// </summary>
public sealed record RunningService(int Pid, string Directory, LocalService Settings)
{
    /// <summary>Null when no process of this user's view holds the port, or it is not pxexen-server.</summary>
    public static RunningService? Find(ListeningSockets sockets, string procRoot, int httpPort)
    {
        var holder = sockets.Find("tcp", httpPort).FirstOrDefault(h => h.Pid is not null && ListeningSockets.IsPxeXen(h.Process));
        if (holder?.Pid is not { } pid)
            return null;
        var process = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (ReadLink(Path.Combine(process, "cwd")) is not { } directory)
            return null;
        var args = ReadNulSeparated(Path.Combine(process, "cmdline"));
        // "dotnet pxexen-server.dll ARGS" or "pxexen-server ARGS": the settings follow the program.
        var program = Array.FindIndex(args, a => a.EndsWith(".dll", StringComparison.Ordinal));
        var settingsArgs = args.Skip(program >= 0 ? program + 1 : 1).ToList();
        var overrides = SettingsOverlay.FromEnvironment(ReadNulSeparated(Path.Combine(process, "environ")))
            .Concat(SettingsOverlay.FromCommandLine(settingsArgs))
            .ToList();
        return new RunningService(pid, directory, LocalService.Load(directory, overrides));
    }

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
}
