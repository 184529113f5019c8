using System.Buffers.Binary;
using System.IO.Compression;

namespace PxeXen.Protocol.Kernel;

/// <summary>
/// Recognises the compression magics libxc probes (xg_dom_bzimageloader.c) and inflates the ones
/// the BCL can do (gzip) plus LZ4's legacy frame (a few lines; Ubuntu's 2019-2021 kernels). The
/// others (bzip2, xz, lzma, lzo, zstd) are named but not inflated here.
/// </summary>
internal static class KernelDecompression
{
    /// <summary>libxc's limit for a decompressed kernel (XC_DOM_DECOMPRESS_MAX, xenguest.h).</summary>
    public const long MaxDecompressed = 1L << 30;

    public static KernelCompression Probe(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b])) return KernelCompression.Gzip;
        if (data.StartsWith("BZh"u8)) return KernelCompression.Bzip2;
        if (data.StartsWith((ReadOnlySpan<byte>)[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return KernelCompression.Xz;
        if (data.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd])) return KernelCompression.Zstd;
        if (data.StartsWith((ReadOnlySpan<byte>)[0x5d, 0x00])) return KernelCompression.Lzma;
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x4c, 0x5a, 0x4f, 0x00])) return KernelCompression.Lzo;
        if (data.StartsWith((ReadOnlySpan<byte>)[0x02, 0x21])) return KernelCompression.Lz4;
        return KernelCompression.None;
    }

    public static bool TryInflate(ReadOnlySpan<byte> data, KernelCompression compression, out byte[] output, out string reason)
    {
        switch (compression)
        {
            case KernelCompression.Gzip:
                return TryGunzip(data, out output, out reason);
            case KernelCompression.Lz4:
                return TryLz4Legacy(data, out output, out reason);
            default:
                output = [];
                reason = $"{compression.ToString().ToLowerInvariant()} payload is not decompressed by this inspector";
                return false;
        }
    }

    private static bool TryGunzip(ReadOnlySpan<byte> data, out byte[] output, out string reason)
    {
        // gzip ISIZE trailer: libxc refuses images that claim more than 1 GiB (xg_dom_core.c:326-349).
        if (data.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]) > MaxDecompressed)
        {
            output = [];
            reason = $"gzip: ISIZE trailer claims {BinaryPrimitives.ReadUInt32LittleEndian(data[^4..])} bytes, more than 1 GiB";
            return false;
        }
        using var input = new MemoryStream(data.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (inflated.Length + read > MaxDecompressed)
                {
                    output = [];
                    reason = "gzip: decompressed data exceeds 1 GiB";
                    return false;
                }
                inflated.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            // Bytes after the gzip member (a size trailer, padding) are tolerated as libxc does,
            // but only once something was inflated.
            if (inflated.Length == 0)
            {
                output = [];
                reason = $"gzip: {ex.Message}";
                return false;
            }
        }
        output = inflated.ToArray();
        reason = "";
        return true;
    }

    /// <summary>LZ4 legacy frame: magic 02 21 4c 18, then (u32 LE size, block)* (lz4 lib, lz4_decompress_unlz4).</summary>
    private static bool TryLz4Legacy(ReadOnlySpan<byte> data, out byte[] output, out string reason)
    {
        output = [];
        if (data.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(data) != 0x184C2102)
        {
            reason = "lz4: legacy frame magic 02 21 4c 18 missing at offset 0";
            return false;
        }
        var result = new MemoryStream();
        var at = 4;
        while (data.Length - at >= 4)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            if (size == 0x184C2102) { at += 4; continue; } // another legacy frame
            if (size > (uint)(data.Length - at - 4))
                break; // the 4-byte uncompressed-size trailer the kernel build appends
            if (!TryLz4Block(data.Slice(at + 4, (int)size), result, out reason))
                return false;
            at += 4 + (int)size;
        }
        output = result.ToArray();
        reason = "";
        return true;
    }

    private static bool TryLz4Block(ReadOnlySpan<byte> block, MemoryStream output, out string reason)
    {
        var ip = 0;
        while (ip < block.Length)
        {
            var token = block[ip++];
            long literals = token >> 4;
            if (literals == 15)
            {
                byte b;
                do
                {
                    if (ip >= block.Length) { reason = $"lz4: literal length runs past the block at offset {ip}"; return false; }
                    b = block[ip++];
                    literals += b;
                } while (b == 255);
            }
            if (literals > block.Length - ip) { reason = $"lz4: {literals} literals at offset {ip} exceed the block"; return false; }
            output.Write(block.Slice(ip, (int)literals));
            ip += (int)literals;
            if (ip >= block.Length)
                break; // the last sequence has literals only
            if (block.Length - ip < 2) { reason = $"lz4: match offset truncated at offset {ip}"; return false; }
            var distance = BinaryPrimitives.ReadUInt16LittleEndian(block[ip..]);
            ip += 2;
            long match = token & 15;
            if (match == 15)
            {
                byte b;
                do
                {
                    if (ip >= block.Length) { reason = $"lz4: match length runs past the block at offset {ip}"; return false; }
                    b = block[ip++];
                    match += b;
                } while (b == 255);
            }
            match += 4;
            if (distance == 0 || distance > output.Length) { reason = $"lz4: match distance {distance} before the start of output"; return false; }
            if (output.Length + match > MaxDecompressed) { reason = "lz4: decompressed data exceeds 1 GiB"; return false; }
            var buffer = output.GetBuffer();
            var from = output.Length - distance;
            for (long i = 0; i < match; i++)
            {
                output.WriteByte(buffer[from + i]);
                buffer = output.GetBuffer();
            }
        }
        reason = "";
        return true;
    }
}
