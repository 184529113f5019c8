using PxeXen.Inventory.Naming;

namespace PxeXen.Boot.Rendering;

/// <summary>
/// The HTTP paths PxeXen serves to booting machines (PxeXen.Server's boot endpoints map the same
/// routes). MACs appear dashed: safe in URLs, kernel command lines and GRUB scripts.
/// </summary>
public static class BootUrls
{
    public const string FilesPrefix = "/boot-images/";
    public const string IpxePrefix = "/ipxe/";
    public const string AnswersPrefix = "/answers/";
    public const string InstalledPrefix = "/installed/";

    public static string File(string httpBase, string path) => httpBase + FilesPrefix + path.TrimStart('/');
    public static string Ipxe(string httpBase, string mac) => httpBase + IpxePrefix + MacAddress.ToDashed(mac);
    public static string Answer(string httpBase, string mac) => httpBase + AnswersPrefix + MacAddress.ToDashed(mac);
    public static string Installed(string httpBase, string mac) => httpBase + InstalledPrefix + MacAddress.ToDashed(mac);
}
