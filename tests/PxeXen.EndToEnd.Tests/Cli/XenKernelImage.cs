using System.Buffers.Binary;
using System.Text;

namespace PxeXen.EndToEnd.Tests.Cli;

/// <summary>
/// A tiny ELF64 x86-64 "kernel" whose PT_NOTE segment carries the Xen notes a Linux PV kernel has
/// (xen-bootloader-spec.md §10), so the service's inspection finds it Xen PV and PVH capable.
/// </summary>
public static class XenKernelImage
{
    public static byte[] Create()
    {
        var notes = new MemoryStream();
        void Note(uint type, byte[] desc)
        {
            var head = new byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(head, 4);
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), (uint)desc.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), type);
            notes.Write(head);
            notes.Write("Xen\0"u8);
            notes.Write(desc);
            notes.Write(new byte[(4 - desc.Length % 4) % 4]);
        }
        byte[] Text(string s) => Encoding.ASCII.GetBytes(s + "\0");
        byte[] Number(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }
        Note(6, Text("linux"));                 // GUEST_OS
        Note(7, Text("2.6"));                   // GUEST_VERSION
        Note(5, Text("xen-3.0"));               // XEN_VERSION
        Note(1, Number(0xffffffff81000000));    // ENTRY
        Note(8, Text("generic"));               // LOADER
        Note(18, Number(0x1000000));            // PHYS32_ENTRY: PVH
        var blob = notes.ToArray();

        var file = new byte[64 + 56 + blob.Length];
        "\u007fELF"u8.CopyTo(file);
        file[4] = 2; file[5] = 1; file[6] = 1;                                   // ELF64, little-endian
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(16), 2);            // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(18), 62);           // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(32), 64);           // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(52), 64);           // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(54), 56);           // e_phentsize
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(56), 1);            // e_phnum
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(58), 64);           // e_shentsize
        var ph = file.AsSpan(64);
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 4);                         // PT_NOTE
        BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], 120);                  // p_offset
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)blob.Length);  // p_filesz
        blob.CopyTo(file, 120);
        return file;
    }
}
