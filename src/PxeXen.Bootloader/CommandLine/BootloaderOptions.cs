namespace PxeXen.Bootloader.CommandLine;

/// <summary>Everything the toolstack and the user said on the command line (spec §6), after parsing.</summary>
internal sealed class BootloaderOptions
{
    /// <summary>--output; null or "-" means stdout (XAPI reads stdout).</summary>
    public string? Output { get; set; }
    public OutputFormat Format { get; set; } = OutputFormat.Sxp;
    public bool FormatGiven { get; set; }
    public string? OutputDirectory { get; set; }

    public string? Kernel { get; set; }
    public string? Ramdisk { get; set; }

    /// <summary>--default_args, --extra_args, --args in that order (each appended after one space).</summary>
    public List<string> ExtraArguments { get; } = [];

    public uint? RunAs { get; set; }
    public bool Quiet { get; set; }
    public bool Verbose { get; set; }
    public string? Label { get; set; }

    public byte[]? Mac { get; set; }
    public string? MacText { get; set; }
    public string? Interface { get; set; }
    public string? Uuid { get; set; }
    public string? VendorClass { get; set; }
    public string? UserClass { get; set; }
    public bool ClientIdFromMac { get; set; }
    public TimeSpan DhcpTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan TftpTimeout { get; set; } = TimeSpan.FromSeconds(2);
    public int TftpBlockSize { get; set; } = 1408;
    public int TftpWindowSize { get; set; } = 16;

    public string? Pygrub { get; set; }
    public string? PygrubImage { get; set; }
    public string? Disk { get; set; }

    public bool KeepInitrdArgument { get; set; }
    public bool BootImageArgument { get; set; }
    public bool FallbackFirstLabel { get; set; }
    public bool CheckXenKernel { get; set; }

    /// <summary>Internal: this process is the unprivileged worker of a restricted run; its result goes here.</summary>
    public string? WorkerResult { get; set; }

    /// <summary>The original argv (for re-launching the worker, and for handing options to pygrub).</summary>
    public IReadOnlyList<string> Argv { get; set; } = [];

    /// <summary>Non-fatal notes (unknown options...), printed to stderr unless --quiet.</summary>
    public List<string> Warnings { get; } = [];

    public bool OutputIsStdout => Output is null or "-";
}
