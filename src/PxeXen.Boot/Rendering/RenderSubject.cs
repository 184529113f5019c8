using System.Net;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Profiles;

namespace PxeXen.Boot.Rendering;

/// <summary>Everything a render is about, gathered before the context is built.</summary>
/// <param name="Mac">The MAC that asked (normalised); the machine's first when rendering a preview.</param>
/// <param name="Address">The machine's address: its fixed IP, else its lease, else null.</param>
/// <param name="Server">The address the machine reaches PxeXen on.</param>
/// <param name="HttpBase">e.g. <c>http://10.0.0.1:5000</c>.</param>
public sealed record RenderSubject(
    Machine Machine,
    string Mac,
    ResolvedProfile Profile,
    Distro Distro,
    IPAddress? Address,
    IPAddress Server,
    string HttpBase);
