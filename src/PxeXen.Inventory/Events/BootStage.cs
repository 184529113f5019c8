namespace PxeXen.Inventory.Events;

/// <summary>The stages of <see cref="BootEvent"/>, as they appear in the API and the CLI.</summary>
public static class BootStage
{
    public const string DhcpDiscover = "dhcp-discover";
    public const string DhcpOffer = "dhcp-offer";
    public const string DhcpAck = "dhcp-ack";
    public const string TftpFile = "tftp-file";
    public const string HttpFile = "http-file";
    public const string AnswerFile = "answer-file";
    public const string Installed = "installed";
    public const string LocalBoot = "localboot";
}
