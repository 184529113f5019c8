using System.Buffers.Binary;
using System.IO.Compression;
using K4os.Compression.LZ4;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.LZMA;
using SharpCompress.Compressors.Xz;
using ZstdDecompressionStream = SharpCompress.Compressors.ZStandard.DecompressionStream;

namespace PxeXen.Protocol.Kernel;

/// <summary>
/// Recognises the compression magics libxc probes (xg_dom_bzimageloader.c) and inflates them:
/// gzip with the BCL, xz (with its x86 BCJ filter, scripts/xz_wrap.sh), bzip2, lzma and zstd with
/// SharpCompress, LZ4's legacy frame with K4os LZ4 blocks. LZO is named but not inflated. Inflation
/// streams and stops as soon as <c>enough</c> says the prefix holds what the caller needs (the ELF
/// notes sit in the first megabytes of a 60 MiB vmlinux), never past libxc's 1 GiB limit.
/// </summary>
internal static class KernelDecompression
{
    /// <summary>libxc's limit for a decompressed kernel (XC_DOM_DECOMPRESS_MAX, xenguest.h).</summary>
    public const long MaxDecompressed = 1L << 30;

    /// <summary>lz4 legacy frames split the input in blocks of at most 8 MiB (LZ4_LEGACY_BLOCK_SIZE).</summary>
    private const int Lz4LegacyBlockSize = 8 << 20;

    private const uint Lz4LegacyMagic = 0x184C2102;

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

    /// <summary>Inflates all of <paramref name="data"/>.</summary>
    public static bool TryInflate(ReadOnlySpan<byte> data, KernelCompression compression, out byte[] output, out string reason) =>
        TryInflate(data, compression, static _ => long.MaxValue, out output, out reason);

    /// <summary>
    /// Inflates <paramref name="data"/> until <paramref name="enough"/>, given the output so far,
    /// returns a length the output has reached, or the stream ends. Never throws: corrupt input is a
    /// reason naming the format and the output offset reached.
    /// </summary>
    public static bool TryInflate(ReadOnlySpan<byte> data, KernelCompression compression, Func<ReadOnlySpan<byte>, long> enough,
        out byte[] output, out string reason)
    {
        output = [];
        var name = compression.ToString().ToLowerInvariant();
        if (compression == KernelCompression.Gzip && data.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]) > MaxDecompressed)
        {
            // gzip ISIZE trailer: libxc refuses images that claim more than 1 GiB (xg_dom_core.c:326-349).
            reason = $"gzip: ISIZE trailer claims {BinaryPrimitives.ReadUInt32LittleEndian(data[^4..])} bytes, more than 1 GiB";
            return false;
        }
        var inflated = new MemoryStream();
        try
        {
            if (compression == KernelCompression.Lz4)
            {
                if (!TryLz4Legacy(data, inflated, enough, out reason))
                    return false;
            }
            else
            {
                using var decoder = Open(data, compression, out reason);
                if (decoder is null)
                    return false;
                if (!TryDrain(decoder, name, inflated, enough, out reason))
                    return false;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Bytes after the compressed stream (the 4-byte size the kernel build appends, padding)
            // are tolerated as libxc does, but only once something was inflated; the ELF reader then
            // judges whether what came out is complete.
            if (inflated.Length == 0)
            {
                reason = $"{name}: {ex.Message} (at decompressed offset 0)";
                return false;
            }
        }
        output = inflated.ToArray();
        reason = "";
        return true;
    }

    private static Stream? Open(ReadOnlySpan<byte> data, KernelCompression compression, out string reason)
    {
        reason = "";
        switch (compression)
        {
            case KernelCompression.Gzip:
                return new GZipStream(new MemoryStream(data.ToArray(), writable: false), CompressionMode.Decompress);
            case KernelCompression.Bzip2:
                return BZip2Stream.Create(new MemoryStream(data.ToArray(), writable: false),
                    SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: false);
            case KernelCompression.Xz:
                return new XZStream(new MemoryStream(data.ToArray(), writable: false));
            case KernelCompression.Zstd:
                return new ZstdDecompressionStream(new MemoryStream(data.ToArray(), writable: false), leaveOpen: false);
            case KernelCompression.Lzma:
                // .lzma ("lzma_alone"): 5 property bytes, then the 64-bit size (all ones: unknown, end marker).
                if (data.Length < 13)
                {
                    reason = $"lzma: {data.Length} bytes is too short for the 13-byte header";
                    return null;
                }
                var size = BinaryPrimitives.ReadInt64LittleEndian(data[5..]);
                if (size > MaxDecompressed)
                {
                    reason = $"lzma: header at offset 5 claims {size} bytes, more than 1 GiB";
                    return null;
                }
                return LzmaStream.Create(data[..5].ToArray(), new MemoryStream(data[13..].ToArray(), writable: false),
                    data.Length - 13, size < 0 ? -1 : size);
            default:
                reason = $"{compression.ToString().ToLowerInvariant()} payload is not decompressed by this inspector";
                return null;
        }
    }

    private static bool TryDrain(Stream decoder, string name, MemoryStream inflated, Func<ReadOnlySpan<byte>, long> enough, out string reason)
    {
        var buffer = new byte[1 << 16];
        var wanted = enough(default);
        while (inflated.Length < wanted)
        {
            var read = decoder.Read(buffer, 0, buffer.Length);
            if (read == 0)
                break;
            if (inflated.Length + read > MaxDecompressed)
            {
                reason = $"{name}: decompressed data exceeds 1 GiB";
                return false;
            }
            inflated.Write(buffer, 0, read);
            wanted = enough(inflated.GetBuffer().AsSpan(0, (int)inflated.Length));
        }
        reason = "";
        return true;
    }

    /// <summary>LZ4 legacy frame: magic 02 21 4c 18, then (u32 LE size, block)* (lz4 lib, lz4_decompress_unlz4).</summary>
    private static bool TryLz4Legacy(ReadOnlySpan<byte> data, MemoryStream inflated, Func<ReadOnlySpan<byte>, long> enough, out string reason)
    {
        if (data.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(data) != Lz4LegacyMagic)
        {
            reason = "lz4: legacy frame magic 02 21 4c 18 missing at offset 0";
            return false;
        }
        var block = new byte[Lz4LegacyBlockSize];
        var at = 4;
        var wanted = enough(default);
        while (data.Length - at >= 4 && inflated.Length < wanted)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            if (size == Lz4LegacyMagic) { at += 4; continue; } // another legacy frame
            if (size > (uint)(data.Length - at - 4))
                break; // the 4-byte uncompressed-size trailer the kernel build appends
            var decoded = LZ4Codec.Decode(data.Slice(at + 4, (int)size), block);
            if (decoded < 0)
            {
                reason = $"lz4: corrupt block of {size} bytes at offset {at}";
                return false;
            }
            if (inflated.Length + decoded > MaxDecompressed)
            {
                reason = "lz4: decompressed data exceeds 1 GiB";
                return false;
            }
            inflated.Write(block, 0, decoded);
            at += 4 + (int)size;
            wanted = enough(inflated.GetBuffer().AsSpan(0, (int)inflated.Length));
        }
        reason = "";
        return true;
    }
}
