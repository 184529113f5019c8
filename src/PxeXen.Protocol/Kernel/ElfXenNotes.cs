using System.Buffers.Binary;
using System.Text;

namespace PxeXen.Protocol.Kernel;

/// <summary>
/// Reads the Xen ELF notes of a little-endian ELF32/ELF64 image the way libelf does
/// (libelf-dominfo.c elf_xen_parse): PT_NOTE segments first (skipping p_offset 0), then SHT_NOTE
/// sections, then the legacy <c>__xen_guest</c> section.
/// </summary>
internal static class ElfXenNotes
{
    private const uint PtNote = 4;
    private const uint ShtNote = 7;

    // xen/include/public/elfnote.h
    private const uint NoteXenVersion = 5;
    private const uint NoteGuestOs = 6;
    private const uint NoteLoader = 8;
    private const uint NoteFeatures = 10;
    private const uint NotePhys32Entry = 18;

    internal sealed class Facts
    {
        public ushort Machine;
        public bool FoundNotes;
        public bool LegacySection;
        public bool HasPhys32Entry;
        public string? XenVersion;
        public string? GuestOs;
        public string? Loader;
        public string? Features;
    }

    public static bool TryRead(ReadOnlySpan<byte> elf, out Facts facts, out string reason)
    {
        facts = new Facts();
        if (elf.Length < 52 || !elf[..4].SequenceEqual("\u007fELF"u8))
        {
            reason = "ELF: magic 7f 45 4c 46 missing at offset 0";
            return false;
        }
        var is64 = elf[4] switch { 1 => false, 2 => true, _ => (bool?)null };
        if (is64 is null)
        {
            reason = $"ELF: EI_CLASS {elf[4]} at offset 4 is neither 1 (32-bit) nor 2 (64-bit)";
            return false;
        }
        if (elf[5] != 1)
        {
            reason = $"ELF: EI_DATA {elf[5]} at offset 5 is not little-endian; only x86 images are checked";
            return false;
        }
        if (is64.Value && elf.Length < 64)
        {
            reason = $"ELF: 64-bit header needs 64 bytes, {elf.Length} present";
            return false;
        }
        facts.Machine = BinaryPrimitives.ReadUInt16LittleEndian(elf[18..]);
        ulong phoff, shoff;
        int phentsize, phnum, shentsize, shnum, shstrndx;
        if (is64.Value)
        {
            phoff = BinaryPrimitives.ReadUInt64LittleEndian(elf[32..]);
            shoff = BinaryPrimitives.ReadUInt64LittleEndian(elf[40..]);
            phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[54..]);
            phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[56..]);
            shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[58..]);
            shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[60..]);
            shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf[62..]);
        }
        else
        {
            phoff = BinaryPrimitives.ReadUInt32LittleEndian(elf[28..]);
            shoff = BinaryPrimitives.ReadUInt32LittleEndian(elf[32..]);
            phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[42..]);
            phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[44..]);
            shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[46..]);
            shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[48..]);
            shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf[50..]);
        }

        // Program headers: PT_NOTE segments (libelf-dominfo.c:590-598).
        if (phnum > 0)
        {
            var minimum = is64.Value ? 56 : 32;
            if (phentsize < minimum || !Fits(elf, phoff, (ulong)phentsize * (ulong)phnum))
            {
                reason = $"ELF: {phnum} program headers of {phentsize} bytes at offset {phoff} do not fit in {elf.Length} bytes";
                return false;
            }
            for (var i = 0; i < phnum; i++)
            {
                if (!NoteSegment(elf.Slice((int)phoff + i * phentsize, phentsize), is64.Value, out var offset, out var size))
                    continue;
                if (!Fits(elf, offset, size))
                {
                    reason = $"ELF: PT_NOTE segment {i} ({size} bytes at offset {offset}) lies outside the file";
                    return false;
                }
                ReadNotes(elf.Slice((int)offset, (int)size), facts);
            }
        }
        if (facts.FoundNotes)
        {
            reason = "";
            return true;
        }

        // Section headers: SHT_NOTE, then the legacy __xen_guest string (libelf-dominfo.c:614-656).
        if (shnum == 0)
        {
            reason = "";
            return true;
        }
        var shMinimum = is64.Value ? 64 : 40;
        if (shentsize < shMinimum || !Fits(elf, shoff, (ulong)shentsize * (ulong)shnum))
        {
            reason = $"ELF: {shnum} section headers of {shentsize} bytes at offset {shoff} do not fit in {elf.Length} bytes";
            return false;
        }
        ReadOnlySpan<byte> names = default;
        if (shstrndx < shnum && Section(elf, shoff, shentsize, shstrndx, is64.Value, out _, out var strOffset, out var strSize) && Fits(elf, strOffset, strSize))
            names = elf.Slice((int)strOffset, (int)strSize);
        string? legacy = null;
        for (var i = 0; i < shnum; i++)
        {
            if (!Section(elf, shoff, shentsize, i, is64.Value, out var type, out var offset, out var size) || !Fits(elf, offset, size))
                continue;
            if (type == ShtNote)
                ReadNotes(elf.Slice((int)offset, (int)size), facts);
            var nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(elf.Slice((int)shoff + i * shentsize));
            if (legacy is null && size > 0 && CString(names, nameOffset) == "__xen_guest")
                legacy = Encoding.ASCII.GetString(TrimNul(elf.Slice((int)offset, (int)size)));
        }
        if (!facts.FoundNotes && legacy is not null)
            ReadLegacy(legacy, facts);
        reason = "";
        return true;
    }

    /// <summary>
    /// How many leading bytes of an ELF image <see cref="TryRead"/> needs, given the bytes so far:
    /// the header, the program headers and every PT_NOTE segment. When those are present and hold a
    /// Xen note the prefix is enough (libelf looks no further either); otherwise the whole image
    /// (<see cref="long.MaxValue"/>), since section headers sit at its end. Lets a decompressor stop early.
    /// </summary>
    public static long NotesPrefixLength(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 64)
            return 64;
        if (!prefix.StartsWith("\u007fELF"u8) || prefix[4] is not (1 or 2) || prefix[5] != 1)
            return prefix.Length; // not an ELF image TryRead understands: it says why, no more bytes help
        var is64 = prefix[4] == 2;
        ulong phoff = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(prefix[32..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[28..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(prefix[(is64 ? 54 : 42)..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(prefix[(is64 ? 56 : 44)..]);
        if (phnum == 0)
            return long.MaxValue;
        if (phentsize < (is64 ? 56 : 32) || phoff > (ulong)KernelDecompression.MaxDecompressed)
            return long.MaxValue; // TryRead reports the bad table once it has everything
        var tableEnd = phoff + (ulong)phentsize * (ulong)phnum;
        if (tableEnd > (ulong)prefix.Length)
            return Need(tableEnd);
        ulong notesEnd = 0;
        for (var i = 0; i < phnum; i++)
        {
            if (!NoteSegment(prefix.Slice((int)phoff + i * phentsize, phentsize), is64, out var offset, out var size))
                continue;
            if (offset > (ulong)KernelDecompression.MaxDecompressed || size > (ulong)KernelDecompression.MaxDecompressed)
                return long.MaxValue;
            notesEnd = Math.Max(notesEnd, offset + size);
        }
        if (notesEnd > (ulong)prefix.Length)
            return Need(notesEnd);
        var facts = new Facts();
        for (var i = 0; i < phnum; i++)
        {
            if (NoteSegment(prefix.Slice((int)phoff + i * phentsize, phentsize), is64, out var offset, out var size))
                ReadNotes(prefix.Slice((int)offset, (int)size), facts);
        }
        return facts.FoundNotes ? prefix.Length : long.MaxValue;
    }

    /// <summary>
    /// A PT_NOTE program header's file offset and size; false for other segments and for notes at
    /// offset 0, which libelf skips too (libelf-dominfo.c:590-598).
    /// </summary>
    private static bool NoteSegment(ReadOnlySpan<byte> ph, bool is64, out ulong offset, out ulong size)
    {
        offset = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(ph[4..]);
        size = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]) : BinaryPrimitives.ReadUInt32LittleEndian(ph[16..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(ph) == PtNote && offset != 0;
    }

    private static long Need(ulong length) => length > (ulong)KernelDecompression.MaxDecompressed ? long.MaxValue : (long)length;

    private static bool Section(ReadOnlySpan<byte> elf, ulong shoff, int shentsize, int index, bool is64, out uint type, out ulong offset, out ulong size)
    {
        var sh = elf.Slice((int)shoff + index * shentsize, shentsize);
        type = BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]);
        offset = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(sh[24..]) : BinaryPrimitives.ReadUInt32LittleEndian(sh[16..]);
        size = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(sh[32..]) : BinaryPrimitives.ReadUInt32LittleEndian(sh[20..]);
        return type != 8; // SHT_NOBITS occupies no file space
    }

    /// <summary>Note layout (libelf-tools.c elf_note_next): namesz, descsz, type, name and desc padded to 4.</summary>
    private static void ReadNotes(ReadOnlySpan<byte> notes, Facts facts)
    {
        var at = 0;
        while (notes.Length - at >= 12)
        {
            var namesz = BinaryPrimitives.ReadUInt32LittleEndian(notes[at..]);
            var descsz = BinaryPrimitives.ReadUInt32LittleEndian(notes[(at + 4)..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(at + 8)..]);
            var nameStart = (long)at + 12;
            var descStart = nameStart + Align4(namesz);
            var next = descStart + Align4(descsz);
            if (next > notes.Length)
                return; // truncated note: libelf stops at the segment end as well
            var name = notes.Slice((int)nameStart, (int)namesz);
            var desc = notes.Slice((int)descStart, (int)descsz);
            at = (int)next;
            if (!TrimNul(name).SequenceEqual("Xen"u8))
                continue;
            facts.FoundNotes = true;
            switch (type)
            {
                case NoteXenVersion: facts.XenVersion = Text(desc); break;
                case NoteGuestOs: facts.GuestOs = Text(desc); break;
                case NoteLoader: facts.Loader = Text(desc); break;
                case NoteFeatures: facts.Features = Text(desc); break;
                case NotePhys32Entry: facts.HasPhys32Entry = true; break;
            }
        }
    }

    /// <summary>Legacy <c>GUEST_OS=linux,XEN_VER=xen-3.0,...</c> (libelf-dominfo.c:313-404).</summary>
    private static void ReadLegacy(string text, Facts facts)
    {
        facts.LegacySection = true;
        foreach (var pair in text.Split(','))
        {
            var eq = pair.IndexOf('=');
            if (eq < 0)
                continue;
            var value = pair[(eq + 1)..];
            switch (pair[..eq])
            {
                case "GUEST_OS": facts.GuestOs = value; break;
                case "XEN_VER": facts.XenVersion = value; break;
                case "LOADER": facts.Loader = value; break;
                case "FEATURES": facts.Features = value; break;
            }
        }
    }

    private static long Align4(uint value) => ((long)value + 3) & ~3L;

    private static bool Fits(ReadOnlySpan<byte> data, ulong offset, ulong length) =>
        offset <= (ulong)data.Length && length <= (ulong)data.Length - offset;

    private static ReadOnlySpan<byte> TrimNul(ReadOnlySpan<byte> value)
    {
        var nul = value.IndexOf((byte)0);
        return nul < 0 ? value : value[..nul];
    }

    private static string Text(ReadOnlySpan<byte> desc) => Encoding.ASCII.GetString(TrimNul(desc));

    private static string? CString(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= (uint)table.Length)
            return null;
        return Encoding.ASCII.GetString(TrimNul(table[(int)offset..]));
    }
}
