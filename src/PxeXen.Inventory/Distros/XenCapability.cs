namespace PxeXen.Inventory.Distros;

/// <summary>
/// Whether a distro's kernel can boot as a Xen PV or PVH domU, as found by inspecting it
/// (xen-bootloader-spec.md §10), never as declared by the operator.
/// </summary>
/// <param name="Format">elf, gzip-elf, bzImage(xz)...</param>
/// <param name="Reason">Why it is not PV-capable (or why that could not be decided).</param>
/// <param name="Decided">False when the kernel could not be read far enough (e.g. an xz payload):
/// Pv and Pvh are then unknown, not "no".</param>
public sealed record XenCapability(bool Pv, bool Pvh, DateTimeOffset CheckedAt, string? Format = null, string? Reason = null, bool Decided = true);
