namespace PxeXen.Bootloader.Output;

/// <summary>What the toolstack is told: a kernel file, an optional ramdisk file, and the guest command line.</summary>
internal sealed record BootRecord(string Kernel, string? Ramdisk, string Args)
{
    /// <summary>libxl skips leading whitespace of a value anyway (spec §2.6); strip it so every format agrees.</summary>
    public string NormalisedArgs => Args.TrimStart(' ', '\t', '\n', '\r', '\v', '\f');
}
