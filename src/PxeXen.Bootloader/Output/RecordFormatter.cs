using System.Text;
using PxeXen.Bootloader.CommandLine;

namespace PxeXen.Bootloader.Output;

/// <summary>
/// The exact bytes of spec §9. simple0/simple: "key value" + SEP for kernel, ramdisk, args (each
/// only if present/non-empty), then one extra SEP. sxp: <c>linux (kernel "K")(ramdisk "R")(args "A")</c>,
/// every value double-quoted with \ and " escaped, no trailing newline.
/// </summary>
internal static class RecordFormatter
{
    public static bool TryFormat(BootRecord record, OutputFormat format, out byte[] bytes, out string? error)
    {
        bytes = [];
        var fields = new List<(string Key, string Value)> { ("kernel", record.Kernel) };
        if (!string.IsNullOrEmpty(record.Ramdisk))
            fields.Add(("ramdisk", record.Ramdisk));
        var args = record.NormalisedArgs;
        if (args.Length > 0)
            fields.Add(("args", args));

        var text = new StringBuilder();
        if (format == OutputFormat.Sxp)
        {
            text.Append("linux ");
            foreach (var (key, value) in fields)
            {
                if (value.Any(c => c < 0x20 || c == 0x7f))
                {
                    error = $"{key} contains a control character, which sxp cannot carry";
                    return false;
                }
                text.Append('(').Append(key).Append(" \"")
                    .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal))
                    .Append("\")");
            }
        }
        else
        {
            var separator = format == OutputFormat.Simple0 ? '\0' : '\n';
            foreach (var (key, value) in fields)
            {
                if (value.Contains(separator))
                {
                    // pygrub: "simple format cannot represent delimiter-containing value"
                    error = $"{key} contains the {(separator == '\0' ? "NUL" : "newline")} delimiter, which the {format.ToString().ToLowerInvariant()} format cannot represent";
                    return false;
                }
                text.Append(key).Append(' ').Append(value).Append(separator);
            }
            text.Append(separator);
        }
        bytes = Encoding.UTF8.GetBytes(text.ToString());
        error = null;
        return true;
    }
}
