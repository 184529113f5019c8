namespace PxeXen.Protocol.Kernel;

/// <summary>How a kernel file or its bzImage payload is compressed (magic numbers as libxc probes them).</summary>
public enum KernelCompression
{
    None,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
    Lzma,
    Lzo,
    Lz4,
}
