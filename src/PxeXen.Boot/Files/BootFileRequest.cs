using System.Net;

namespace PxeXen.Boot.Files;

/// <param name="Path">Normalised path under the boot root: '/' separators, no leading '/', no '..'.</param>
/// <param name="Client">Where the request came from, to find the machine when the path does not name its MAC.</param>
/// <param name="Transport">"tftp" or "http".</param>
public sealed record BootFileRequest(string Path, IPAddress Client, string Transport);
