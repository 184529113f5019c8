using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Validation;

namespace PxeXen.Server.Api.Documents;

/// <summary>PUT /x/{name}: the body may repeat the name but not name another record (no renames).</summary>
public static class ApiNames
{
    public static ValidationFailure? CheckPathName(string? bodyName, string? pathName)
    {
        if (pathName is null || bodyName is null)
            return null;
        var same = ResourceName.TryNormalize(bodyName, out var body, out _) && ResourceName.TryNormalize(pathName, out var path, out _) && body == path;
        return same ? null : new ValidationFailure("name", $"name '{bodyName}' differs from '{pathName}' in the URL (renaming is not supported)");
    }
}
