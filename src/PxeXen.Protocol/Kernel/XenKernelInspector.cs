using System.Buffers.Binary;

namespace PxeXen.Protocol.Kernel;

/// <summary>
/// Decides whether a kernel image is one Xen's PV (or PVH) domain builder accepts, following
/// libxc (xen-bootloader-spec §10): gunzip a gzip-wrapped file, unwrap a bzImage payload, then
/// read the Xen ELF notes and apply elf_xen_note_check's rules. Pure: bytes in, verdict out.
/// </summary>
public static class XenKernelInspector
{
    private const ushort EmI386 = 3;
    private const ushort EmX8664 = 62;

    // Linux boot protocol setup header (Documentation/arch/x86/boot.rst).
    private const int SetupSectsOffset = 0x1f1;
    private const int HeaderMagicOffset = 0x202;
    private const int VersionOffset = 0x206;
    private const int PayloadOffsetOffset = 0x248;
    private const int PayloadLengthOffset = 0x24c;
    private const int SetupHeaderEnd = PayloadLengthOffset + 4;

    /// <summary>
    /// Inspects <paramref name="image"/>. Returns false (with <paramref name="reason"/> naming the
    /// field and offset) when the bytes are not a kernel this understands: neither ELF nor bzImage,
    /// truncated, or a payload outside the file. Returns true otherwise; the verdict is in
    /// <paramref name="info"/> (<see cref="XenKernelInfo.IsPv"/>, <see cref="XenKernelInfo.IsPvh"/>,
    /// <see cref="XenKernelInfo.Reason"/>). Never throws.
    /// </summary>
    public static bool TryInspect(ReadOnlySpan<byte> image, out XenKernelInfo info, out string reason)
    {
        info = new XenKernelInfo { Format = "unknown" };
        var fileCompression = KernelCompression.None;
        byte[]? unwrapped = null;
        if (KernelDecompression.Probe(image) == KernelCompression.Gzip)
        {
            // libxc gunzips whole-file gzip kernels before probing (xg_dom_core.c:384-405). An ELF
            // inside is read only as far as its notes; anything else (a bzImage) is inflated whole.
            if (!KernelDecompression.TryInflate(image, KernelCompression.Gzip,
                    static prefix => prefix.Length >= 4 && !prefix.StartsWith("\u007fELF"u8) ? long.MaxValue : ElfXenNotes.NotesPrefixLength(prefix),
                    out unwrapped, out reason))
                return false;
            fileCompression = KernelCompression.Gzip;
            image = unwrapped;
        }
        var prefix = fileCompression == KernelCompression.Gzip ? "gzip-" : "";

        if (image.Length >= 4 && image.StartsWith("\u007fELF"u8))
            return TryJudgeElf(image, prefix + "elf", fileCompression, KernelCompression.None, out info, out reason);

        if (image.Length < SetupHeaderEnd || !image.Slice(HeaderMagicOffset, 4).SequenceEqual("HdrS"u8))
        {
            reason = image.Length < SetupHeaderEnd
                ? $"kernel: {image.Length} bytes is too short for an ELF or bzImage header"
                : $"kernel: neither ELF magic at offset 0 nor \"HdrS\" at offset 0x{HeaderMagicOffset:x}";
            return false;
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(image[VersionOffset..]);
        if (version < 0x0208)
        {
            reason = $"bzImage: boot protocol 0x{version:x4} at offset 0x{VersionOffset:x} is older than 2.08 (no payload fields)";
            return false;
        }
        var setupSects = image[SetupSectsOffset];
        var payloadOffset = BinaryPrimitives.ReadUInt32LittleEndian(image[PayloadOffsetOffset..]);
        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(image[PayloadLengthOffset..]);
        var start = (setupSects + 1L) * 512 + payloadOffset;
        if (start > image.Length || payloadLength > image.Length - start)
        {
            reason = $"bzImage: payload of {payloadLength} bytes at {start} (setup_sects {setupSects}, payload_offset {payloadOffset} at 0x{PayloadOffsetOffset:x}) lies outside the {image.Length}-byte file";
            return false;
        }
        var payload = image.Slice((int)start, (int)payloadLength);
        var compression = KernelDecompression.Probe(payload);
        if (compression == KernelCompression.None)
        {
            reason = $"bzImage: unknown compression format of the payload at offset {start}";
            return false;
        }
        var format = $"{prefix}bzImage({compression.ToString().ToLowerInvariant()})";
        if (!KernelDecompression.TryInflate(payload, compression, ElfXenNotes.NotesPrefixLength, out var vmlinux, out var inflateReason))
        {
            info = new XenKernelInfo
            {
                Format = format,
                FileCompression = fileCompression,
                PayloadCompression = compression,
                NotesInspected = false,
                Reason = inflateReason,
            };
            reason = "";
            return true;
        }
        if (!vmlinux.AsSpan().StartsWith("\u007fELF"u8))
        {
            reason = $"bzImage: the decompressed {compression.ToString().ToLowerInvariant()} payload is not an ELF image";
            return false;
        }
        return TryJudgeElf(vmlinux, format, fileCompression, compression, out info, out reason);
    }

    private static bool TryJudgeElf(ReadOnlySpan<byte> elf, string format, KernelCompression fileCompression,
        KernelCompression payloadCompression, out XenKernelInfo info, out string reason)
    {
        info = new XenKernelInfo { Format = format };
        if (!ElfXenNotes.TryRead(elf, out var facts, out reason))
            return false;
        var architecture = facts.Machine switch
        {
            EmX8664 => "x86_64",
            EmI386 => "x86_32",
            _ => $"elf-machine-{facts.Machine}",
        };
        var isPvh = facts.HasPhys32Entry;
        var whyNotPv = WhyNotPv(facts);
        info = new XenKernelInfo
        {
            Format = format,
            FileCompression = fileCompression,
            PayloadCompression = payloadCompression,
            Architecture = architecture,
            NotesInspected = true,
            IsPv = whyNotPv is null,
            IsPvh = isPvh,
            LegacyXenGuestSection = facts.LegacySection,
            GuestOs = facts.GuestOs,
            XenVersion = facts.XenVersion,
            Loader = facts.Loader,
            Features = facts.Features,
            Reason = whyNotPv,
        };
        reason = "";
        return true;
    }

    /// <summary>elf_xen_note_check (libelf-dominfo.c:409-461) and the x86 machine check of xc_dom_parse_elf_kernel.</summary>
    private static string? WhyNotPv(ElfXenNotes.Facts facts)
    {
        if (facts.Machine is not (EmI386 or EmX8664))
            return $"ELF machine {facts.Machine} is not x86 (EM_386 or EM_X86_64)";
        if (!facts.FoundNotes && !facts.LegacySection)
            return "Not a Xen-ELF image: no Xen ELF notes and no __xen_guest section";
        var loaderOk = facts.Loader?.StartsWith("generic", StringComparison.Ordinal) == true;
        var guestOk = facts.GuestOs?.StartsWith("linux", StringComparison.Ordinal) == true;
        if (!loaderOk && !guestOk)
        {
            return facts.HasPhys32Entry && facts.GuestOs is null && facts.Loader is null
                ? "only a PVH entry point (PHYS32_ENTRY note); no PV notes"
                : $"neither LOADER starts with 'generic' nor GUEST_OS with 'linux' (loader '{facts.Loader}', guest_os '{facts.GuestOs}')";
        }
        if (facts.XenVersion?.StartsWith("xen-3.0", StringComparison.Ordinal) != true)
            return $"XEN_VERSION '{facts.XenVersion}' does not start with 'xen-3.0'";
        if (facts.Features is { } features && features.Split('|').Any(f => f == "!dom0"))
            return "Kernel does not support unprivileged (DomU) operation (FEATURES requires dom0)";
        return null;
    }
}
