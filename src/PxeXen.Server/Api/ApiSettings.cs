namespace PxeXen.Server.Api;

/// <summary>The REST API's bearer token.</summary>
public sealed class ApiSettings
{
    public const string Section = "Api";

    /// <summary>Empty: a random token is created in &lt;Service:DataDirectory&gt;/api-token (mode 0600).</summary>
    public string? Token { get; set; }
}
