using System.Text;

namespace PxeXen.Bootloader.Tests.Output;

/// <summary>
/// Re-implementations of how the toolstacks read the helper's output (xen-bootloader-spec §2.6,
/// §4.3), written from the spec's description of libxl_bootloader.c and xend's sxp.py.
/// </summary>
internal static class ToolstackParsers
{
    public sealed record LibxlResult(string? Kernel, string? Ramdisk, string? Args, List<string> Warnings);

    /// <summary>libxl 4.2+ parse_bootloader_result: NUL-split items, 8192-byte limit, key + whitespace, value's leading whitespace skipped.</summary>
    public static LibxlResult Libxl(byte[] data)
    {
        const int PathMax = 4096;
        string? kernel = null, ramdisk = null, args = null;
        var warnings = new List<string>();
        var start = 0;
        while (start < data.Length)
        {
            var end = Array.IndexOf(data, (byte)0, start);
            if (end < 0)
                end = data.Length; // a final item without NUL is still processed
            var item = data.AsSpan(start, end - start);
            start = end + 1;
            if (item.Length >= PathMax * 2)
            {
                warnings.Add("overly long item");
                continue;
            }
            if (item.Length == 0)
                continue;
            var text = Encoding.UTF8.GetString(item);
            if (Command(text, "kernel") is { } k)
                kernel ??= k; // the first file is the one mapped (libxl__file_reference_map returns early)
            else if (Command(text, "ramdisk") is { } r)
                ramdisk ??= r;
            else if (Command(text, "args") is { } a)
                args = a; // last wins
            else
                warnings.Add("unexpected output from bootloader: " + text);
        }
        return new LibxlResult(kernel, ramdisk, args, warnings);
    }

    private static string? Command(string item, string key)
    {
        if (!item.StartsWith(key, StringComparison.Ordinal) || item.Length == key.Length || !char.IsWhiteSpace(item[key.Length]))
            return null;
        return item[key.Length..].TrimStart();
    }

    /// <summary>libxl 4.1: items until an empty one; exact prefixes with one space.</summary>
    public static LibxlResult Libxl41(byte[] data)
    {
        string? kernel = null, ramdisk = null, args = null;
        var warnings = new List<string>();
        var buffer = data.Concat(new byte[16]).ToArray(); // the buffer is NUL-filled
        var at = 0;
        while (buffer[at] != 0)
        {
            var end = Array.IndexOf(buffer, (byte)0, at);
            var text = Encoding.UTF8.GetString(buffer, at, end - at);
            if (text.StartsWith("kernel ", StringComparison.Ordinal)) kernel = text[7..];
            else if (text.StartsWith("ramdisk ", StringComparison.Ordinal)) ramdisk = text[8..];
            else if (text.StartsWith("args ", StringComparison.Ordinal)) args = text[5..];
            else warnings.Add("unexpected: " + text);
            at = end + 1;
        }
        return new LibxlResult(kernel, ramdisk, args, warnings);
    }

    /// <summary>
    /// xend's sxp.py: a leading atom, then lists; strings in " or ' with backslash escapes; returns
    /// the first child value of kernel, ramdisk, args (sxp.child_value), '' when missing.
    /// </summary>
    public static (string Name, string Kernel, string Ramdisk, string Args) Xend(string text)
    {
        var tokens = Tokenise(text);
        var at = 0;
        var root = ParseValue(tokens, ref at);
        if (root is not List<object> top)
            throw new FormatException("top level is not a list");
        // The top level here is "atom (list)(list)..." read as a sequence: children skip element 0.
        var name = top.Count > 0 && top[0] is string s ? s : throw new FormatException("no leading atom");
        string Child(string key) => top.Skip(1).OfType<List<object>>().FirstOrDefault(l => l.Count > 1 && (string)l[0] == key) is { } l ? (string)l[1] : "";
        return (name, Child("kernel"), Child("ramdisk"), Child("args"));
    }

    private static List<string?> Tokenise(string text)
    {
        // null token = "(" marker, "\u0001" = ")" marker; strings/atoms as themselves.
        var tokens = new List<string?> { null };
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '(') { tokens.Add(null); i++; continue; }
            if (c == ')') { tokens.Add("\u0001"); i++; continue; }
            if (c is '"' or '\'')
            {
                var value = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        var e = text[i + 1];
                        value.Append(e switch { 'n' => '\n', 't' => '\t', '\\' => '\\', '\'' => '\'', '"' => '"', _ => '\\' });
                        if (e is not ('n' or 't' or '\\' or '\'' or '"'))
                            value.Append(e);
                        i += 2;
                        continue;
                    }
                    value.Append(text[i++]);
                }
                if (i >= text.Length)
                    throw new FormatException("unterminated string");
                i++;
                tokens.Add("\u0002" + value);
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && "{}()<>[]!;#".IndexOf(text[i]) < 0 && text[i] is not ('"' or '\''))
                i++;
            if (i == start)
                throw new FormatException($"unexpected '{text[i]}'");
            tokens.Add("\u0002" + text[start..i]);
        }
        tokens.Add("\u0001");
        return tokens;
    }

#pragma warning disable CA1859 // returns an atom (string) or a list
    private static object ParseValue(List<string?> tokens, ref int at)
    {
        var token = tokens[at++];
        if (token is not null)
            return token == "\u0001" ? throw new FormatException("unbalanced )") : token[1..];
        var list = new List<object>();
        while (tokens[at] != "\u0001")
            list.Add(ParseValue(tokens, ref at));
        at++;
        return list;
    }
#pragma warning restore CA1859
}
