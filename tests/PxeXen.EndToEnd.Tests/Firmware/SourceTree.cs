namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>The repository the tests were built from (they run from its build output below it).</summary>
public static class SourceTree
{
    public static string Root { get; } = Find();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PxeXen.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no PxeXen.sln above {AppContext.BaseDirectory}");
    }
}
