using System.Buffers.Binary;
using System.Diagnostics;
using PxeXen.Protocol.Kernel;

namespace PxeXen.Protocol.Tests.Kernel;

/// <summary>
/// bzImage payloads compressed by the same CLIs the kernel build uses (scripts/Makefile.lib:
/// xz --x86 via xz_wrap.sh, zstd -22 --ultra, bzip2 -9, lzma -9, lz4 -l -9), each followed by the
/// 4-byte size trailer size_append adds, and Debian's own kernel from /boot.
/// </summary>
public class KernelCompressionTests
{
    private static readonly byte[] PvElf = KernelImages.Elf64(KernelImages.NoteBlob(KernelImages.LinuxPvNotes));

    public static TheoryData<string, string, string> Compressors => new()
    {
        { "xz", "--format=xz --check=crc32 --x86 --lzma2=dict=1MiB -c", "bzImage(xz)" },
        { "zstd", "-19 -q -c", "bzImage(zstd)" },
        { "bzip2", "-9 -c", "bzImage(bzip2)" },
        { "lzma", "-9 -c", "bzImage(lzma)" },
        { "lz4", "-l -9 -q -c", "bzImage(lz4)" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Compressors))]
    public async Task TryInspect_PayloadFromKernelCompressor_IsJudged(string tool, string arguments, string format)
    {
        // Code-like filler after the notes, so the x86 BCJ filter and real matches are exercised.
        var vmlinux = WithFiller(PvElf, 3 << 20);
        var payload = await CompressAsync(tool, arguments, vmlinux, TestContext.Current.CancellationToken);
        var info = Inspect(KernelImages.BzImage(SizeAppend(payload, vmlinux.Length)));
        Assert.Equal(format, info.Format);
        Assert.True(info.NotesInspected, info.Reason);
        Assert.True(info.IsPv, info.Reason);
        Assert.True(info.IsPvh);
        Assert.Equal("linux", info.GuestOs);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Compressors))]
    public async Task TryInspect_NoXenNotes_IsNotPvAfterWholePayload(string tool, string arguments, string format)
    {
        var vmlinux = WithFiller(KernelImages.Elf64([]), 1 << 20);
        var payload = await CompressAsync(tool, arguments, vmlinux, TestContext.Current.CancellationToken);
        var info = Inspect(KernelImages.BzImage(SizeAppend(payload, vmlinux.Length)));
        Assert.Equal(format, info.Format);
        Assert.True(info.NotesInspected, info.Reason);
        Assert.False(info.IsPv);
        Assert.Contains("Not a Xen-ELF image", info.Reason);
    }

    [Fact(Timeout = 60_000)]
    public async Task TryInspect_PayloadLargerThan1GiB_StopsAfterTheNotes()
    {
        // 1.1 GiB of zeros after the notes: inflating it all would hit libxc's 1 GiB limit; the
        // inspector must stop once the PT_NOTE segment is in (and not allocate a gigabyte).
        var tool = Tool("zstd");
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(input, PvElf, TestContext.Current.CancellationToken);
            await using (var file = File.Open(input, FileMode.Append))
            {
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 1100; i++)
                    file.Write(zeros);
            }
            var payload = await RunAsync(tool, $"-1 -q -c {input}", null, TestContext.Current.CancellationToken);
            var info = Inspect(KernelImages.BzImage(payload));
            Assert.True(info.IsPv, info.Reason);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public void TryInspect_WithoutEarlyStop_1GiBGuardStillHolds()
    {
        // A gzip-wrapped bzImage is inflated whole (only then is its payload found): the ISIZE guard applies.
        var image = KernelImages.Gzip(KernelImages.BzImage(KernelImages.Gzip(PvElf)));
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(image.Length - 4), (1u << 30) + 1);
        Assert.False(XenKernelInspector.TryInspect(image, out _, out var reason));
        Assert.Contains("1 GiB", reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x42, 0x5a, 0x68, 0x39 }, "bzip2")]
    [InlineData(new byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 }, "xz")]
    [InlineData(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }, "zstd")]
    [InlineData(new byte[] { 0x5d, 0x00, 0x00 }, "lzma")]
    [InlineData(new byte[] { 0x02, 0x21, 0x4c, 0x18, 9, 0, 0, 0, 0xf0 }, "lz4")]
    public void TryInspect_CorruptPayload_IsUnknownWithReason(byte[] magic, string name)
    {
        var info = Inspect(KernelImages.BzImage([.. magic, .. Enumerable.Repeat((byte)0xa5, 64)]));
        Assert.Equal($"bzImage({name})", info.Format);
        Assert.False(info.NotesInspected);
        Assert.False(info.IsPv);
        Assert.StartsWith(name + ":", info.Reason);
    }

    [Fact]
    public void TryInspect_LzoPayload_IsNamedButNotJudged()
    {
        var info = Inspect(KernelImages.BzImage([0x89, 0x4c, 0x5a, 0x4f, 0x00, .. new byte[64]]));
        Assert.Equal("bzImage(lzo)", info.Format);
        Assert.False(info.NotesInspected);
        Assert.Contains("not decompressed", info.Reason);
    }

    [Fact]
    public void TryInspect_DebianKernelFromBoot_IsPvAndPvh()
    {
        var kernels = Directory.Exists("/boot") ? Directory.GetFiles("/boot", "vmlinuz-*") : [];
        if (kernels.Length == 0)
            Assert.Skip("no /boot/vmlinuz-* on this machine");
        foreach (var kernel in kernels)
        {
            var info = Inspect(File.ReadAllBytes(kernel));
            Assert.True(info.NotesInspected, $"{kernel}: {info}");
            Assert.StartsWith("bzImage(", info.Format);
            Assert.Equal("x86_64", info.Architecture);
            // Debian's amd64 kernels are built with CONFIG_XEN_PV and CONFIG_XEN_PVH.
            Assert.True(info.IsPv, $"{kernel}: {info}");
            Assert.True(info.IsPvh, $"{kernel}: {info}");
            Assert.Equal("linux", info.GuestOs);
        }
    }

    [Fact]
    public void TryInspect_EarlyStop_GivesTheVerdictOfTheWholeImage()
    {
        // Mutated headers and program headers: stopping after the notes must never change the verdict.
        // The section headers sit 200 kB further on, past the first chunks the inflater hands over, so
        // an image whose PT_NOTE no longer holds the Xen notes must be read to its end.
        var random = new Random(6);
        var originals = new[] { SectionsAtEnd(PvElf, 200_000), SectionsAtEnd(KernelImages.Elf64(KernelImages.NoteBlob(KernelImages.LinuxPvNotes), asSection: true), 200_000) };
        for (var i = 0; i < 400; i++)
        {
            var elf = originals[i % 2].ToArray();
            for (var j = 0; j < 3; j++)
                elf[random.Next(16, 64 + 3 * 56)] = (byte)random.Next(256);
            var whole = XenKernelInspector.TryInspect(elf, out var expected, out _);
            var wrapped = XenKernelInspector.TryInspect(KernelImages.BzImage(KernelImages.Lz4Legacy(elf)), out var actual, out _);
            Assert.Equal(whole, wrapped);
            if (!whole)
                continue;
            Assert.Equal((expected.IsPv, expected.IsPvh, expected.GuestOs, expected.Reason), (actual.IsPv, actual.IsPvh, actual.GuestOs, actual.Reason));
        }
    }

    private static XenKernelInfo Inspect(byte[] image)
    {
        Assert.True(XenKernelInspector.TryInspect(image, out var info, out var reason), reason);
        return info;
    }

    /// <summary>x86-looking bytes (call rel32 = e8, jmp = e9 every few bytes) the BCJ filter rewrites, with repeats to match.</summary>
    private static byte[] WithFiller(byte[] elf, int length)
    {
        var random = new Random(42);
        var filler = new byte[length];
        for (var i = 0; i < length; i += 16)
        {
            filler[i] = (byte)(i % 48 == 0 ? 0xe8 : 0xe9);
            BinaryPrimitives.WriteInt32LittleEndian(filler.AsSpan(i + 1), random.Next(-4096, 4096));
            filler.AsSpan(i + 5, 11).Fill((byte)(i / 16 % 7));
        }
        return [.. elf, .. filler];
    }

    /// <summary>The same ELF with <paramref name="gap"/> filler bytes before its section header table (e_shoff moved).</summary>
    private static byte[] SectionsAtEnd(byte[] elf, int gap)
    {
        var shoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(40));
        byte[] moved = [.. elf.AsSpan(0, shoff), .. WithFiller([], gap), .. elf.AsSpan(shoff)];
        BinaryPrimitives.WriteUInt64LittleEndian(moved.AsSpan(40), (ulong)(shoff + gap));
        return moved;
    }

    /// <summary>scripts/Makefile.lib size_append: the uncompressed size, 32-bit little-endian, after the stream.</summary>
    private static byte[] SizeAppend(byte[] payload, int size)
    {
        var result = new byte[payload.Length + 4];
        payload.CopyTo(result, 0);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(payload.Length), size);
        return result;
    }

    private static string Tool(string name)
    {
        var path = new[] { "/usr/bin/", "/bin/", "/usr/local/bin/" }.Select(d => d + name).FirstOrDefault(File.Exists);
        if (path is null)
            Assert.Skip($"{name} is not installed (Debian package {(name == "lzma" ? "xz-utils" : name)})");
        return path;
    }

    private static Task<byte[]> CompressAsync(string tool, string arguments, byte[] input, CancellationToken cancel) =>
        RunAsync(Tool(tool), arguments, input, cancel);

    private static async Task<byte[]> RunAsync(string tool, string arguments, byte[]? stdin, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output, cancel);
        var errors = process.StandardError.ReadToEndAsync(cancel);
        if (stdin is not null)
            await process.StandardInput.BaseStream.WriteAsync(stdin, cancel);
        process.StandardInput.Close();
        await reading;
        await process.WaitForExitAsync(cancel);
        Assert.True(process.ExitCode == 0, $"{tool} {arguments}: exit {process.ExitCode}: {await errors}");
        return output.ToArray();
    }
}
