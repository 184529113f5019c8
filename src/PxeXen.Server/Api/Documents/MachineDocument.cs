using System.Net;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Validation;

namespace PxeXen.Server.Api.Documents;

/// <summary>A machine as the API reads and writes it (docs/api.md).</summary>
public sealed class MachineDocument
{
    public string? Name { get; set; }
    public List<string>? Macs { get; set; }
    public string? Profile { get; set; }
    public string? Ip { get; set; }
    public string? Hostname { get; set; }
    public string? Gateway { get; set; }
    public string? Netmask { get; set; }
    public Guid? Uuid { get; set; }
    public bool? Netboot { get; set; }
    public Dictionary<string, string>? Variables { get; set; }

    public static MachineDocument From(Machine machine) => new()
    {
        Name = machine.Name,
        Macs = [.. machine.Macs],
        Profile = machine.Profile,
        Ip = machine.Ip?.ToString(),
        Hostname = machine.Hostname,
        Gateway = machine.Gateway?.ToString(),
        Netmask = machine.Netmask?.ToString(),
        Uuid = machine.Uuid,
        Netboot = machine.Netboot,
        Variables = new(machine.Variables),
    };

    public ValidationFailure? ToMachine(string? pathName, out Machine machine)
    {
        machine = null!;
        IPAddress? ip = null, gateway = null, netmask = null;
        foreach (var (field, text) in new[] { ("ip", Ip), ("gateway", Gateway), ("netmask", Netmask) })
        {
            if (string.IsNullOrWhiteSpace(text))
                continue;
            if (!IPAddress.TryParse(text, out var address) || text.Count(c => c == '.') != 3)
                return new ValidationFailure(field, $"'{text}' is not an IPv4 address");
            switch (field)
            {
                case "ip": ip = address; break;
                case "gateway": gateway = address; break;
                default: netmask = address; break;
            }
        }
        if (Macs is not null && Macs.FindIndex(m => m is null) is var nullAt and >= 0)
            return new ValidationFailure($"macs[{nullAt}]", "must be a MAC address, not null");
        machine = new Machine
        {
            Name = Name ?? pathName ?? "",
            Macs = Macs ?? [],
            Profile = Profile ?? "",
            Ip = ip,
            Hostname = string.IsNullOrWhiteSpace(Hostname) ? null : Hostname,
            Gateway = gateway,
            Netmask = netmask,
            Uuid = Uuid,
            Netboot = Netboot ?? true,
            Variables = Variables ?? [],
        };
        return ApiNames.CheckPathName(Name, pathName) ?? InventoryRules.Normalize(machine, out machine);
    }
}
