using PxeXen.Protocol.Kernel;

namespace PxeXen.Protocol.Tests.Kernel;

public class XenKernelInspectorTests
{
    private static readonly byte[] PvElf = KernelImages.Elf64(KernelImages.NoteBlob(KernelImages.LinuxPvNotes));

    private static XenKernelInfo Inspect(byte[] image)
    {
        Assert.True(XenKernelInspector.TryInspect(image, out var info, out var reason), reason);
        return info;
    }

    [Fact]
    public void TryInspect_VmlinuxWithXenNotes_IsPvAndPvh()
    {
        var info = Inspect(PvElf);
        Assert.Equal("elf", info.Format);
        Assert.Equal("x86_64", info.Architecture);
        Assert.True(info.NotesInspected);
        Assert.True(info.IsPv, info.Reason);
        Assert.True(info.IsPvh);
        Assert.Equal("linux", info.GuestOs);
        Assert.Equal("xen-3.0", info.XenVersion);
        Assert.Equal("generic", info.Loader);
        Assert.Null(info.Reason);
    }

    [Fact]
    public void TryInspect_GzipWrappedVmlinux_IsPv()
    {
        var info = Inspect(KernelImages.Gzip(PvElf));
        Assert.Equal("gzip-elf", info.Format);
        Assert.Equal(KernelCompression.Gzip, info.FileCompression);
        Assert.True(info.IsPv);
    }

    [Fact]
    public void TryInspect_NotesOnlyInSections_AreFound()
    {
        var info = Inspect(KernelImages.Elf64(KernelImages.NoteBlob(KernelImages.LinuxPvNotes), asSection: true));
        Assert.True(info.IsPv, info.Reason);
    }

    [Fact]
    public void TryInspect_BzImageGzipPayload_IsPv()
    {
        var info = Inspect(KernelImages.BzImage(KernelImages.Gzip(PvElf)));
        Assert.Equal("bzImage(gzip)", info.Format);
        Assert.Equal(KernelCompression.Gzip, info.PayloadCompression);
        Assert.True(info.IsPv, info.Reason);
    }

    [Fact]
    public void TryInspect_BzImageLz4Payload_IsPv()
    {
        var info = Inspect(KernelImages.BzImage(KernelImages.Lz4Legacy(PvElf)));
        Assert.Equal("bzImage(lz4)", info.Format);
        Assert.True(info.IsPv, info.Reason);
    }

    [Fact]
    public void TryInspect_BzImageWithoutXenNotes_IsNotPv()
    {
        var info = Inspect(KernelImages.BzImage(KernelImages.Gzip(KernelImages.Elf64([]))));
        Assert.True(info.NotesInspected);
        Assert.False(info.IsPv);
        Assert.False(info.IsPvh);
        Assert.Contains("Not a Xen-ELF image", info.Reason);
    }

    [Fact]
    public void TryInspect_PvhOnly_IsPvhNotPv()
    {
        var info = Inspect(KernelImages.Elf64(KernelImages.NoteBlob([KernelImages.Numeric(18, 0x1000000)])));
        Assert.True(info.IsPvh);
        Assert.False(info.IsPv);
        Assert.Contains("PVH", info.Reason);
    }

    [Fact]
    public void TryInspect_LegacyXenGuestSection_IsPv()
    {
        var info = Inspect(KernelImages.Elf64([], machine: 3, xenGuest: "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,LOADER=generic"));
        Assert.True(info.LegacyXenGuestSection);
        Assert.Equal("x86_32", info.Architecture);
        Assert.True(info.IsPv, info.Reason);
    }

    [Fact]
    public void TryInspect_Dom0Required_IsNotPv()
    {
        var notes = KernelImages.NoteBlob([KernelImages.Note(6, "linux"), KernelImages.Note(5, "xen-3.0"), KernelImages.Note(10, "writable_page_tables|!dom0")]);
        var info = Inspect(KernelImages.Elf64(notes));
        Assert.False(info.IsPv);
        Assert.Contains("DomU", info.Reason);
    }

    [Fact]
    public void TryInspect_WrongXenVersion_IsNotPv()
    {
        var notes = KernelImages.NoteBlob([KernelImages.Note(6, "linux"), KernelImages.Note(5, "xen-2.0")]);
        Assert.Contains("xen-3.0", Inspect(KernelImages.Elf64(notes)).Reason);
    }

    [Fact]
    public void TryInspect_NonX86Machine_IsNotPv()
    {
        var info = Inspect(KernelImages.Elf64(KernelImages.NoteBlob(KernelImages.LinuxPvNotes), machine: 183));
        Assert.Equal("elf-machine-183", info.Architecture);
        Assert.False(info.IsPv);
    }

    [Fact]
    public void TryInspect_NotesNamedOtherThanXen_AreIgnored()
    {
        var info = Inspect(KernelImages.Elf64(KernelImages.NoteBlob(KernelImages.LinuxPvNotes, name: "Linux")));
        Assert.False(info.IsPv);
    }

    [Fact]
    public void TryInspect_TruncatedBzImagePayload_ReturnsReason()
    {
        var image = KernelImages.BzImage(KernelImages.Gzip(PvElf), lengthOverride: 10_000_000);
        Assert.False(XenKernelInspector.TryInspect(image, out _, out var reason));
        Assert.Contains("lies outside", reason);
    }

    [Fact]
    public void TryInspect_OldBootProtocol_ReturnsReason()
    {
        Assert.False(XenKernelInspector.TryInspect(KernelImages.BzImage(KernelImages.Gzip(PvElf), version: 0x0206), out _, out var reason));
        Assert.Contains("0x0206", reason);
    }

    [Fact]
    public void TryInspect_UnknownPayloadCompression_ReturnsReason()
    {
        Assert.False(XenKernelInspector.TryInspect(KernelImages.BzImage(new byte[100]), out _, out var reason));
        Assert.Contains("unknown compression", reason);
    }

    [Fact]
    public void TryInspect_Lz4BlockWithMatches_Decodes()
    {
        var payload = KernelImages.Lz4Legacy(PvElf);
        Assert.True(XenKernelInspector.TryInspect(KernelImages.BzImage(payload), out var info, out var reason), reason);
        Assert.True(info.IsPv);
        // A hand-written block: literals "ab", a match copying 6 bytes from distance 2, then the five
        // literals LZ4 requires at the end of a block: "abababab" + "ccccc".
        byte[] frame = [0x02, 0x21, 0x4c, 0x18, 11, 0, 0, 0, 0x22, (byte)'a', (byte)'b', 2, 0, 0x50, .. "ccccc"u8];
        Assert.False(XenKernelInspector.TryInspect(KernelImages.BzImage(frame), out _, out reason));
        Assert.Contains("not an ELF", reason); // decoded fine, just not ELF
    }

    [Fact]
    public void TryInspect_TruncatedAtEveryOffset_NeverThrows()
    {
        var image = KernelImages.BzImage(KernelImages.Gzip(PvElf));
        for (var length = 0; length < image.Length; length += 7)
            XenKernelInspector.TryInspect(image.AsSpan(0, length), out _, out _);
        for (var length = 0; length < PvElf.Length; length++)
            XenKernelInspector.TryInspect(PvElf.AsSpan(0, length), out _, out _);
    }

    [Fact]
    public void TryInspect_RandomBytes_NeverThrows()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = PvElf.ToArray();
            for (var j = 0; j < 8; j++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            XenKernelInspector.TryInspect(bytes, out _, out _);
            var noise = new byte[random.Next(0, 4096)];
            random.NextBytes(noise);
            XenKernelInspector.TryInspect(noise, out _, out _);
        }
    }
}
