namespace PxeXen.Inventory.Events;

/// <summary>
/// Reads the <c>key=value</c> words servers put in a boot event's detail
/// (<c>arch=7 userClass=iPXE vendorClass=PXEClient:Arch:00007:UNDI:003016</c>).
/// </summary>
public static class BootEventDetail
{
    public static string? Value(string? detail, string key)
    {
        if (string.IsNullOrEmpty(detail))
            return null;
        foreach (var word in detail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length > key.Length + 1 && word[key.Length] == '=' && word.StartsWith(key, StringComparison.Ordinal))
                return word[(key.Length + 1)..];
        }
        return null;
    }
}
