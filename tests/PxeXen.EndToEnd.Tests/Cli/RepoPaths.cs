namespace PxeXen.EndToEnd.Tests.Cli;

/// <summary>The repository the tests were built from, and the shared tools beside it.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding PxeXen.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <c>xl-check</c> (Xen 4.17's real xl in dry-run mode): <c>../shared/tools/xl-check/xl-check</c>
    /// from the repo root, as CI lays it out; a developer's worktree may sit deeper, so each parent
    /// folder is tried. Null when absent.
    /// </summary>
    public static string? XlCheck { get; } = FindXlCheck();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PxeXen.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no PxeXen.sln above {AppContext.BaseDirectory}");
    }

    private static string? FindXlCheck()
    {
        for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "tools", "xl-check", "xl-check");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
