namespace PxeXen.Inventory.Distros;

/// <summary>Installer families; each has its own answer-file format and kernel argument.</summary>
public static class DistroBreed
{
    public const string Debian = "debian";
    public const string Ubuntu = "ubuntu";
    public const string RedHat = "redhat";
    public const string Suse = "suse";
    public const string Generic = "generic";

    public static readonly IReadOnlyList<string> All = [Debian, Ubuntu, RedHat, Suse, Generic];

    /// <summary>The shipped answer template of a breed (menus/answers/), or null for generic.</summary>
    public static string? DefaultAnswerTemplate(string breed) => breed switch
    {
        Debian => "preseed",
        Ubuntu => "autoinstall",
        RedHat => "kickstart",
        Suse => "autoyast",
        _ => null,
    };
}
