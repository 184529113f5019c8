using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PxeXen.Server.Tftp;

/// <summary>The TFTP server (section "Tftp"). Read-only; every request is jailed under <see cref="Root"/>.</summary>
public sealed class TftpSettings : IValidatableObject
{
    public const string Section = "Tftp";

    public bool Enabled { get; set; } = true;

    /// <summary>Address to listen on; 0.0.0.0 means every IPv4 interface.</summary>
    [Required]
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>UDP port; 0 picks a free one (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 69;

    /// <summary>Directory served; empty means Service:BootImages.</summary>
    public string? Root { get; set; }

    /// <summary>Largest blksize granted (RFC 2348 allows 8..65464).</summary>
    [Range(8, 65464)]
    public int MaxBlockSize { get; set; } = 65464;

    /// <summary>Grant no blksize whose datagram would not fit the MTU of the interface the request arrived on.</summary>
    public bool ClampBlockSizeToMtu { get; set; } = true;

    /// <summary>Largest windowsize granted (RFC 7440).</summary>
    [Range(1, 65535)]
    public int MaxWindowSize { get; set; } = 256;

    /// <summary>
    /// Largest window granted, in payload bytes (windowsize x blksize); at least one block always.
    /// A window arrives as one burst: one larger than the client's socket receive buffer (about
    /// 208 KiB by default on Linux) loses its tail, and the client waits out its timeout.
    /// </summary>
    [Range(512, 64 << 20)]
    public int MaxWindowBytes { get; set; } = 128 << 10;

    /// <summary>Wait for an ACK before retransmitting, unless the client asks for its own (RFC 2349 timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:04:15")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retransmissions of one packet before the transfer is given up.</summary>
    [Range(1, 100)]
    public int Retries { get; set; } = 5;

    /// <summary>Transfers at once; a request over the bound gets an ERROR ("server busy").</summary>
    [Range(1, 100_000)]
    public int MaxTransfers { get; set; } = 1000;

    /// <summary>
    /// Move a transfer's thread to the CPU that receives its client's datagrams, now and then, so
    /// that each ACK wakes it on the same CPU (see <see cref="Threading.IncomingCpuFollower"/>).
    /// </summary>
    public bool FollowIncomingCpu { get; set; } = true;

    /// <summary>Longest file name accepted, in bytes.</summary>
    [Range(1, 4096)]
    public int MaxPathLength { get; set; } = 1024;

    /// <summary>Netascii transfers are converted in memory; larger files are refused with a clear error.</summary>
    [Range(0, 1L << 30)]
    public long MaxNetasciiBytes { get; set; } = 8 << 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(Address, out _))
            yield return new ValidationResult($"'{Address}' is not an IP address", [nameof(Address)]);
        if (!string.IsNullOrEmpty(Root) && !Directory.Exists(Root))
            yield return new ValidationResult($"directory '{Path.GetFullPath(Root)}' does not exist", [nameof(Root)]);
    }
}
