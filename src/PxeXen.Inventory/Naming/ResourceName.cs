namespace PxeXen.Inventory.Naming;

/// <summary>
/// Names of distros, profiles and machines. They appear in URLs, file names and host names, so
/// they are lower-case DNS-label-like words: letters, digits, '-', '_' and '.', starting with a
/// letter or digit, at most 63 characters.
/// </summary>
public static class ResourceName
{
    public const int MaxLength = 63;

    public static bool TryNormalize(string? input, out string normalized, out string reason)
    {
        normalized = "";
        reason = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            reason = "is required";
            return false;
        }
        var name = input.Trim().ToLowerInvariant();
        if (name.Length > MaxLength)
        {
            reason = $"is longer than {MaxLength} characters";
            return false;
        }
        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            reason = $"'{input}' must start with a letter or digit";
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                reason = $"'{input}' may hold only letters, digits, '-', '_' and '.'";
                return false;
            }
        }
        normalized = name;
        return true;
    }
}
