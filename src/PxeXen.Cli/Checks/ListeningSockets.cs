using System.Globalization;

namespace PxeXen.Cli.Checks;

/// <summary>
/// Who holds a port on this host, from Linux's <c>/proc/net/{udp,udp6,tcp,tcp6}</c> (socket inode
/// per local port) and <c>/proc/PID/fd</c> (which process has that inode open).
/// </summary>
public sealed class ListeningSockets(string procRoot = "/proc")
{
    public sealed record Holder(int? Pid, string Process);

    /// <summary>The processes bound to <paramref name="port"/> (UDP: any bound socket; TCP: listeners). Empty when free.</summary>
    public IReadOnlyList<Holder> Find(string protocol, int port)
    {
        var inodes = new HashSet<long>();
        foreach (var table in new[] { protocol, protocol + "6" })
        {
            var file = Path.Combine(procRoot, "net", table);
            if (File.Exists(file))
                inodes.UnionWith(ParseTable(File.ReadAllLines(file), port, listeningOnly: protocol == "tcp"));
        }
        if (inodes.Count == 0)
            return [];
        var holders = new List<Holder>();
        foreach (var pidDirectory in SafeDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(pidDirectory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            foreach (var fd in SafeFiles(Path.Combine(pidDirectory, "fd")))
            {
                var target = SafeLinkTarget(fd);
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                    && inodes.Contains(inode))
                {
                    holders.Add(new Holder(pid, ProcessName(pidDirectory)));
                    break;
                }
            }
        }
        // Bound, but no process we may look into (not root): say so rather than "free".
        return holders.Count > 0 ? holders : [new Holder(null, "a process this user cannot see")];
    }

    /// <summary>True for PxeXen's own server process (a port it holds is not taken by someone else).</summary>
    public static bool IsPxeXen(string process) =>
        process.Contains("pxexen", StringComparison.OrdinalIgnoreCase) || process.Contains("PxeXen.Server", StringComparison.Ordinal);

    /// <summary>Socket inodes bound to the port in one /proc/net table (local_address is HEXIP:HEXPORT).</summary>
    public static IEnumerable<long> ParseTable(IEnumerable<string> lines, int port, bool listeningOnly)
    {
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10)
                continue;
            var local = fields[1];
            var colon = local.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort) || localPort != port)
                continue;
            // TCP state 0A is LISTEN; a connected socket on that port is not "holding" it.
            if (listeningOnly && fields[3] != "0A")
                continue;
            if (long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode) && inode != 0)
                yield return inode;
        }
    }

    private static string ProcessName(string pidDirectory)
    {
        try
        {
            var commandLine = File.ReadAllText(Path.Combine(pidDirectory, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            // "dotnet pxexen-server.dll": name the program, not the host.
            var program = commandLine.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal)) ?? commandLine.FirstOrDefault();
            if (program is not null)
                return Path.GetFileName(program);
            return File.ReadAllText(Path.Combine(pidDirectory, "comm")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try { return Directory.GetDirectories(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string[] SafeFiles(string path)
    {
        try { return Directory.GetFiles(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string? SafeLinkTarget(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
