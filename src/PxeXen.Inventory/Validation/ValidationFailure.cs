namespace PxeXen.Inventory.Validation;

/// <param name="Field">The field at fault as the API names it, e.g. <c>macs[1]</c>.</param>
public sealed record ValidationFailure(string Field, string Error);
