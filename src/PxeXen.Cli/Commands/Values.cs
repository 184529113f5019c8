using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace PxeXen.Cli.Commands;

/// <summary>
/// Checks and normalises what the operator typed before anything is sent, so a typo is a usage
/// error (exit 2) naming the option, not a round trip. The server validates again.
/// </summary>
public static class Values
{
    /// <summary><c>00:16:3E:11:11:11</c>, <c>00-16-3e-11-11-11</c> or <c>0016.3e11.1111</c> → <c>00:16:3e:11:11:11</c>.</summary>
    public static string Mac(string text, string option)
    {
        var hex = new string(text.Where(c => c is not (':' or '-' or '.')).ToArray()).ToLowerInvariant();
        if (hex.Length != 12 || !hex.All(Uri.IsHexDigit))
            throw CommandException.Usage($"{option} '{text}' is not a MAC address", "write it as aa:bb:cc:dd:ee:ff");
        return string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)));
    }

    /// <summary>An IPv4 address, or null for "" (clears the field on edit).</summary>
    public static string? Ipv4(string text, string option)
    {
        if (text.Length == 0)
            return null;
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
            throw CommandException.Usage($"{option} '{text}' is not an IPv4 address", "e.g. 10.0.0.5");
        return address.ToString();
    }

    /// <summary><c>--var suite=bookworm</c> pairs into a JSON object.</summary>
    public static JsonObject Pairs(IEnumerable<string> items, string option)
    {
        var result = new JsonObject();
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw CommandException.Usage($"{option} '{item}' is not KEY=VALUE", $"e.g. {option} suite=bookworm");
            result[item[..equals]] = item[(equals + 1)..];
        }
        return result;
    }

    public static int Positive(int value, string option) => value > 0 ? value
        : throw CommandException.Usage($"{option} must be a positive number, not {value.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>True when the option appeared on the command line (edit changes only those).</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is not null;

    /// <summary>A name as one URL path segment.</summary>
    public static string Segment(string name) => Uri.EscapeDataString(name);

    public static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
}
