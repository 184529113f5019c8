using System.Xml.Linq;

namespace PxeXen.Architecture.Tests;

/// <summary>DESIGN.md §2: who may use whom. Read from the project files, so a new reference fails here first.</summary>
public sealed class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["PxeXen.Protocol"] = [],
        ["PxeXen.Inventory"] = [],
        ["PxeXen.Boot"] = ["PxeXen.Protocol", "PxeXen.Inventory"],
        ["PxeXen.Server"] = ["PxeXen.Protocol", "PxeXen.Inventory", "PxeXen.Boot"],
        ["PxeXen.Cli"] = ["PxeXen.Protocol", "PxeXen.Boot", "PxeXen.Inventory"],
        ["PxeXen.Bootloader"] = ["PxeXen.Protocol"],
    };

    private static readonly Dictionary<string, string[]> AllowedPackages = new()
    {
        // Kernel/ (xen-bootloader-spec §10): decompressors for bzImage payloads; trim- and AOT-safe.
        ["PxeXen.Protocol"] = ["SharpCompress", "K4os.Compression.LZ4"],
        ["PxeXen.Bootloader"] = [],
    };

    public static TheoryData<string> SourceProjects() => new(Directory
        .GetDirectories(Path.Combine(RepoRoot(), "src"))
        .Select(Path.GetFileName)
        .OfType<string>()
        .Where(name => File.Exists(ProjectFile(name))));

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_ReferencesOnlyWhatTheDesignAllows(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed), $"{project} is not in DESIGN.md §2's table");
        var references = Items(project, "ProjectReference")
            .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));
        Assert.All(references, reference => Assert.Contains(reference, allowed));
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_UsesOnlyAllowedPackages(string project)
    {
        if (!AllowedPackages.TryGetValue(project, out var allowed))
            return; // the design lists packages for these projects, not a closed set
        Assert.All(Items(project, "PackageReference"), package => Assert.Contains(package, allowed));
    }

    [Fact]
    public void NothingReferencesTheServer()
    {
        foreach (var project in SourceProjects().Select(row => (string)row.Data))
            Assert.DoesNotContain("PxeXen.Server", Items(project, "ProjectReference").Select(i => Path.GetFileNameWithoutExtension(i.Replace('\\', '/'))));
    }

    private static IEnumerable<string> Items(string project, string item) =>
        XDocument.Load(ProjectFile(project)).Descendants(item)
            .Select(e => e.Attribute("Include")?.Value)
            .OfType<string>();

    private static string ProjectFile(string project) => Path.Combine(RepoRoot(), "src", project, project + ".csproj");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PxeXen.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PxeXen.sln not found above " + AppContext.BaseDirectory);
    }
}
