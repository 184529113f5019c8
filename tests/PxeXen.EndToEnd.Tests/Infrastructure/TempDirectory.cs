namespace PxeXen.EndToEnd.Tests.Infrastructure;

/// <summary>A fresh directory under /tmp for one test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pxexen-e2e-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a process still writing; /tmp is cleaned anyway */ }
    }
}
