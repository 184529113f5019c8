namespace PxeXen.Bootloader.CommandLine;

/// <summary>The result formats of spec §9: sxp (xend, XAPI, the default), simple, simple0 (libxl).</summary>
internal enum OutputFormat
{
    Sxp,
    Simple,
    Simple0,
}
