using System.Globalization;

namespace PxeXen.Bootloader.CommandLine;

/// <summary>
/// Parses every argv shape the toolstacks send (spec §2.3, §4.2, §4.4, §6.1): GNU style, options
/// and operands interleaved, <c>--opt=v</c> and <c>--opt v</c> for known value options, unknown
/// options logged and ignored (consuming a value only in the '=' form), empty elements ignored,
/// the last operand is the disk and the others are pypxeboot-style <c>key=value</c> words.
/// </summary>
internal static class ArgvParser
{
    private static readonly HashSet<string> ValueOptions =
    [
        "output", "output-format", "output-directory", "kernel", "ramdisk", "args", "runas", "entry", "label", "offset",
        "default_args", "extra_args", "vm", "mac", "interface", "uuid", "vendor-class", "user-class", "dhcp-timeout",
        "tftp-timeout", "pygrub", "udhcpc", "pygrub-image", "config-dir", "client-id", "tftp-blksize", "tftp-windowsize",
        "pxexen-worker",
    ];

    private static readonly HashSet<string> Flags =
    [
        "quiet", "interactive", "not-really", "list-entries", "isconfig", "debug", "verbose", "help",
        "keep-initrd-arg", "boot-image-arg", "fallback-first-label", "check-xen-kernel",
    ];

    /// <summary>Parses <paramref name="argv"/>; <paramref name="error"/> is set for input the helper must refuse.</summary>
    public static BootloaderOptions Parse(IReadOnlyList<string> argv, out string? error)
    {
        var options = new BootloaderOptions { Argv = argv };
        var operands = new List<string>();
        var scannable = new List<string>(); // elements that may carry mac= / bridge= words
        error = null;
        var endOfOptions = false;
        string? defaultArgs = null, extraArgs = null, args = null, vm = null;
        for (var i = 0; i < argv.Count; i++)
        {
            var element = argv[i];
            if (element.Length == 0)
                continue; // older XAPI passes "" when quiet is off
            if (endOfOptions || element == "-" || !element.StartsWith('-'))
            {
                operands.Add(element);
                scannable.Add(element);
                continue;
            }
            if (element == "--")
            {
                endOfOptions = true;
                continue;
            }
            string name;
            string? value = null;
            if (element.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = element.IndexOf('=');
                name = eq < 0 ? element[2..] : element[2..eq];
                if (eq >= 0)
                    value = element[(eq + 1)..];
            }
            else
            {
                // Short options: -q -i -n -l -v -h (pygrub, pypxeboot).
                name = element switch
                {
                    "-q" => "quiet", "-i" => "interactive", "-n" => "not-really", "-l" => "list-entries",
                    "-v" => "verbose", "-h" => "help", _ => "",
                };
                if (name.Length == 0)
                {
                    options.Warnings.Add($"unknown option '{element}' ignored");
                    scannable.Add(element);
                    continue;
                }
            }
            var key = name.Replace("default-args", "default_args", StringComparison.Ordinal)
                          .Replace("extra-args", "extra_args", StringComparison.Ordinal);
            if (ValueOptions.Contains(key))
            {
                if (value is null)
                {
                    if (i + 1 >= argv.Count)
                    {
                        error = $"option --{name} needs a value";
                        return options;
                    }
                    value = argv[++i];
                }
                if (key is "mac" or "interface")
                    scannable.Add($"{(key == "mac" ? "mac" : "bridge")}={value}");
                error = Apply(options, key, value, ref defaultArgs, ref extraArgs, ref args, ref vm);
                if (error is not null)
                    return options;
            }
            else if (Flags.Contains(key) && value is null)
                ApplyFlag(options, key);
            else
            {
                options.Warnings.Add($"unknown option '{element}' ignored");
                scannable.Add(element);
            }
        }
        foreach (var extra in new[] { defaultArgs, extraArgs, args })
            if (!string.IsNullOrEmpty(extra))
                options.ExtraArguments.Add(extra);
        options.Uuid ??= vm;

        // The disk is the last operand; a trailing key=value word is a bootloader_args word, not a disk.
        if (operands.Count > 0 && !LooksLikeWord(operands[^1]))
            options.Disk = operands[^1];

        if (options.Mac is null)
        {
            var mac = MacScan.Find(scannable, "mac");
            if (mac is null)
            {
                error = "no guest MAC given: add \"--mac=XX:XX:XX:XX:XX:XX\" (or mac=...) to bootloader_args";
                return options;
            }
            if (!MacScan.TryParseMac(mac, out var bytes, out error))
                return options;
            options.Mac = bytes;
            options.MacText = Protocol.Dhcp.MacAddress.Format(bytes);
        }
        options.Interface ??= MacScan.Find(scannable, "bridge");
        if (options.Uuid is not null && !Guid.TryParseExact(options.Uuid, "D", out _))
        {
            options.Warnings.Add($"UUID '{options.Uuid}' is not of the form 8-4-4-4-12; not used");
            options.Uuid = null;
        }
        return options;
    }

    private static bool LooksLikeWord(string operand)
    {
        var eq = operand.IndexOf('=');
        return eq > 0 && operand[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }

    private static string? Apply(BootloaderOptions options, string key, string value,
        ref string? defaultArgs, ref string? extraArgs, ref string? args, ref string? vm)
    {
        switch (key)
        {
            case "output": options.Output = value; break;
            case "output-format":
                options.FormatGiven = true;
                switch (value)
                {
                    case "sxp": options.Format = OutputFormat.Sxp; break;
                    case "simple": options.Format = OutputFormat.Simple; break;
                    case "simple0": options.Format = OutputFormat.Simple0; break;
                    default: return $"unknown output format '{value}' (sxp, simple, simple0)";
                }
                break;
            case "output-directory": options.OutputDirectory = value; break;
            case "kernel": options.Kernel = value; break;
            case "ramdisk": options.Ramdisk = value; break;
            case "args": args = value; break;
            case "default_args": defaultArgs = value; break;
            case "extra_args": extraArgs = value; break;
            case "vm": vm = value; break;
            case "uuid": options.Uuid = value; break;
            case "runas":
                if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || uid == 0)
                    return $"--runas={value}: expected a non-zero numeric uid";
                options.RunAs = uid;
                break;
            case "entry" or "label": options.Label = value; break;
            case "mac":
                if (!MacScan.TryParseMac(value, out var mac, out var macError))
                    return macError;
                options.Mac = mac;
                options.MacText = Protocol.Dhcp.MacAddress.Format(mac);
                break;
            case "interface": options.Interface = value; break;
            case "vendor-class": options.VendorClass = value; break;
            case "user-class": options.UserClass = value; break;
            case "client-id":
                if (value != "mac")
                    return $"--client-id={value}: only 'mac' is supported";
                options.ClientIdFromMac = true;
                break;
            case "dhcp-timeout": return Seconds(value, key, t => options.DhcpTimeout = t);
            case "tftp-timeout": return Seconds(value, key, t => options.TftpTimeout = t);
            case "tftp-blksize": return Integer(value, key, 8, 65464, v => options.TftpBlockSize = v);
            case "tftp-windowsize": return Integer(value, key, 1, 64, v => options.TftpWindowSize = v);
            case "pygrub": options.Pygrub = value; break;
            case "pygrub-image": options.PygrubImage = value; break;
            case "pxexen-worker": options.WorkerResult = value; break;
            default: options.Warnings.Add($"option --{key}={value} accepted and ignored"); break; // offset, udhcpc, config-dir
        }
        return null;
    }

    private static void ApplyFlag(BootloaderOptions options, string key)
    {
        switch (key)
        {
            case "quiet": options.Quiet = true; break;
            case "verbose" or "debug": options.Verbose = true; break;
            case "keep-initrd-arg": options.KeepInitrdArgument = true; break;
            case "boot-image-arg": options.BootImageArgument = true; break;
            case "fallback-first-label": options.FallbackFirstLabel = true; break;
            case "check-xen-kernel": options.CheckXenKernel = true; break;
            case "help": options.Warnings.Add("usage: pxexen-boot --mac=MAC [--interface=BRIDGE] [--label=NAME] [--output=FILE] [--output-format=sxp|simple|simple0] [--output-directory=DIR] [DISK]"); break;
            default: options.Warnings.Add($"option --{key} accepted and ignored (non-interactive helper)"); break;
        }
    }

    private static string? Seconds(string value, string key, Action<TimeSpan> set)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 3600)
            return $"--{key}={value}: expected seconds between 0 and 3600";
        set(TimeSpan.FromSeconds(seconds));
        return null;
    }

    private static string? Integer(string value, string key, int min, int max, Action<int> set)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            return $"--{key}={value}: expected a number from {min} to {max}";
        set(number);
        return null;
    }
}
