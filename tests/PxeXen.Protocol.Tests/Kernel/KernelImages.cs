using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PxeXen.Protocol.Tests.Kernel;

/// <summary>Builds small synthetic kernels: ELF64/ELF32 with Xen notes, bzImage wrappers.</summary>
internal static class KernelImages
{
    public static (uint Type, byte[] Desc) Note(uint type, string text) => (type, Encoding.ASCII.GetBytes(text + "\0"));

    public static (uint Type, byte[] Desc) Numeric(uint type, ulong value)
    {
        var desc = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(desc, value);
        return (type, desc);
    }

    public static readonly (uint, byte[])[] LinuxPvNotes =
    [
        Note(6, "linux"), Note(7, "2.6"), Note(5, "xen-3.0"), Numeric(1, 0xffffffff81000000),
        Note(10, "!writable_page_tables|pae_pgdir_above_4gb"), Note(9, "yes"), Note(8, "generic"),
        Numeric(18, 0x1000000),
    ];

    public static byte[] NoteBlob(IEnumerable<(uint Type, byte[] Desc)> notes, string name = "Xen")
    {
        var blob = new MemoryStream();
        foreach (var (type, desc) in notes)
        {
            var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
            var head = new byte[12].AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(head, (uint)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(head[4..], (uint)desc.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(head[8..], type);
            blob.Write(head);
            blob.Write(nameBytes);
            blob.Write(new byte[(4 - nameBytes.Length % 4) % 4]);
            blob.Write(desc);
            blob.Write(new byte[(4 - desc.Length % 4) % 4]);
        }
        return blob.ToArray();
    }

    /// <summary>ELF64 x86-64 with one PT_NOTE segment holding <paramref name="notes"/> (or a section only).</summary>
    public static byte[] Elf64(byte[] notes, ushort machine = 62, bool asSection = false, string? xenGuest = null)
    {
        // Layout: header 64 | phdr 56 | notes | shstrtab | section headers.
        var shstrtab = Encoding.ASCII.GetBytes("\0.note.Xen\0__xen_guest\0.shstrtab\0");
        var legacy = xenGuest is null ? [] : Encoding.ASCII.GetBytes(xenGuest + "\0");
        var notesAt = 64 + 56;
        var legacyAt = notesAt + notes.Length;
        var strAt = legacyAt + legacy.Length;
        var shAt = (strAt + shstrtab.Length + 7) & ~7;
        var sections = 4; // null, .note.Xen, __xen_guest, .shstrtab
        var file = new byte[shAt + sections * 64];
        "\u007fELF"u8.CopyTo(file);
        file[4] = 2; file[5] = 1; file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(16), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(18), machine);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(32), 64);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(40), (ulong)shAt);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(52), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(54), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(56), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(58), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(60), (ushort)sections);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(62), 3);
        var ph = file.AsSpan(64);
        BinaryPrimitives.WriteUInt32LittleEndian(ph, asSection ? 1u : 4u); // PT_LOAD instead of PT_NOTE
        BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], (ulong)notesAt);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)notes.Length);
        notes.CopyTo(file, notesAt);
        legacy.CopyTo(file, legacyAt);
        shstrtab.CopyTo(file, strAt);
        WriteSection(file, shAt + 64, name: 1, type: 7, notesAt, notes.Length);
        WriteSection(file, shAt + 128, name: 11, type: 1, legacyAt, legacy.Length);
        WriteSection(file, shAt + 192, name: 23, type: 3, strAt, shstrtab.Length);
        return file;
    }

    private static void WriteSection(byte[] file, int at, uint name, uint type, int offset, int size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), name);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 4), type);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at + 24), (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at + 32), (ulong)size);
    }

    /// <summary>A bzImage: setup sectors with "HdrS" v2.15, then the payload.</summary>
    public static byte[] BzImage(byte[] payload, byte setupSects = 3, uint? lengthOverride = null, ushort version = 0x020f)
    {
        var setup = (setupSects + 1) * 512;
        var file = new byte[setup + 16 + payload.Length];
        file[0x1f1] = setupSects;
        "HdrS"u8.CopyTo(file.AsSpan(0x202));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x206), version);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x248), 16);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x24c), lengthOverride ?? (uint)payload.Length);
        payload.CopyTo(file, setup + 16);
        return file;
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>LZ4 legacy frame holding literal-only blocks (valid LZ4, no matches), plus the size trailer.</summary>
    public static byte[] Lz4Legacy(byte[] data)
    {
        var output = new MemoryStream();
        output.Write([0x02, 0x21, 0x4c, 0x18]);
        foreach (var chunk in data.Chunk(1 << 16))
        {
            var block = new MemoryStream();
            var literals = chunk.Length;
            block.WriteByte((byte)(Math.Min(literals, 15) << 4));
            if (literals >= 15)
            {
                var rest = literals - 15;
                while (rest >= 255) { block.WriteByte(255); rest -= 255; }
                block.WriteByte((byte)rest);
            }
            block.Write(chunk);
            var size = new byte[4].AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)block.Length);
            output.Write(size);
            output.Write(block.ToArray());
        }
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, (uint)data.Length);
        output.Write(trailer);
        return output.ToArray();
    }
}
