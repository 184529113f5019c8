using PxeXen.Inventory.Distros;

namespace PxeXen.Boot.Rendering;

/// <summary>The kernel argument that points each installer at its answer file.</summary>
public static class AnswerArguments
{
    public static string For(string breed, string answerUrl) => breed switch
    {
        // debian-installer: preseed/url, auto mode asks nothing before the network is up.
        DistroBreed.Debian => $"auto=true priority=critical url={answerUrl}",
        // Subiquity reads user-data and meta-data below s= (cloud-init NoCloud); the ';' is quoted by GRUB templates.
        DistroBreed.Ubuntu => $"autoinstall ds=nocloud-net;s={answerUrl}/",
        // Anaconda.
        DistroBreed.RedHat => $"inst.ks={answerUrl}",
        // YaST/linuxrc.
        DistroBreed.Suse => $"autoyast={answerUrl}",
        _ => "",
    };
}
