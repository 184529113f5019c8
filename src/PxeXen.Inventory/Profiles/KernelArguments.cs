namespace PxeXen.Inventory.Profiles;

/// <summary>
/// Kernel command lines merged layer by layer (distro, root profile ... leaf profile), the way
/// Cobbler merges kernel_options: a later <c>key=value</c> replaces an earlier <c>key</c> in place,
/// <c>~key</c> removes it, anything new is appended.
/// </summary>
public static class KernelArguments
{
    public static string Merge(IEnumerable<string?> layers)
    {
        var tokens = new List<string>();
        foreach (var layer in layers)
        {
            if (string.IsNullOrWhiteSpace(layer))
                continue;
            foreach (var token in layer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.StartsWith('~'))
                {
                    var removed = token[1..];
                    tokens.RemoveAll(t => Key(t) == removed);
                    continue;
                }
                var key = Key(token);
                var at = tokens.FindIndex(t => Key(t) == key);
                // Flags without '=' (quiet, splash) are kept once; key=value replaces in place.
                if (at >= 0)
                    tokens[at] = token;
                else
                    tokens.Add(token);
            }
        }
        return string.Join(' ', tokens);
    }

    private static string Key(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? token : token[..eq];
    }
}
