namespace PxeXen.Boot.Rendering;

/// <summary>Where templates and boot images are and how machines reach the HTTP server (from Service and Http settings).</summary>
public sealed class BootRenderOptions
{
    public string MenusDirectory { get; set; } = "menus";
    public string BootImagesDirectory { get; set; } = "boot-images";
    public int HttpPort { get; set; } = 5000;

    /// <summary>Http:BaseUrl when set: used as-is for every client.</summary>
    public string? HttpBaseUrl { get; set; }
}
