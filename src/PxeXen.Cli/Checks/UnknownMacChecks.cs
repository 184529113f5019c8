using System.Text.Json.Nodes;
using PxeXen.Cli.Commands;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Checks;

/// <summary>
/// How the running service treats a MAC nobody registered (<c>Dhcp:Boot:UnknownMacs</c>), asked
/// through <c>GET /explain</c> for a MAC no machine has: the service's real settings, wherever
/// they came from (appsettings.json, command line, environment). Under <c>DefaultProfile</c> such
/// machines get that profile's installer every time they boot, because the install-complete
/// callback can only turn netboot off for a registered machine.
/// </summary>
public static class UnknownMacChecks
{
    private const string Subject = "Dhcp:Boot:UnknownMacs";

    public static async Task<List<Finding>> RunAsync(CliContext context, JsonArray profiles, JsonArray machines, CancellationToken cancellationToken)
    {
        var mac = UnregisteredMac(machines);
        JsonObject decision;
        try
        {
            decision = await context.Api.GetObjectAsync("explain?mac=" + Uri.EscapeDataString(mac), cancellationToken);
        }
        catch (CommandException e) when (e.ExitCode is ExitCodes.Refused or ExitCodes.NotFound or ExitCodes.ServerError)
        {
            return [Finding.Warning(Subject, $"could not ask the server how it treats unregistered MACs: {e.Message}", "pxexen explain --mac " + mac)];
        }
        var profile = Json.String(decision, "profile");
        if (Json.Bool(decision, "registered") == false && profile.Length > 0)
        {
            var findings = new List<Finding>();
            if (!profiles.OfType<JsonObject>().Any(p => Json.String(p, "name") == profile))
                findings.Add(Finding.Error("Dhcp:Boot:DefaultProfile", $"profile '{profile}' does not exist: unregistered machines cannot be served",
                    $"pxexen profile add {profile} --distro DISTRO, or set Dhcp:Boot:DefaultProfile to a profile that exists"));
            findings.Add(Finding.Warning(Subject,
                $"DefaultProfile: every unregistered machine that netboots gets profile {profile}, and reinstalls at every boot " +
                "(the install-complete callback can turn netboot off only for a registered machine)",
                "register them ('pxexen seen', then 'pxexen machine add NAME --from-seen MAC --profile PROFILE'), " +
                "or set Dhcp:Boot:UnknownMacs=LocalBoot (or Ignore) once discovery is over"));
            return findings;
        }
        var action = Json.String(decision, "action");
        return [Finding.Ok(Subject, $"unregistered MACs get no installer ({(action.Length > 0 ? action : "no profile")})")];
    }

    /// <summary>A locally administered MAC (02:...) that no registered machine has.</summary>
    public static string UnregisteredMac(JsonArray machines)
    {
        var registered = machines.OfType<JsonObject>()
            .SelectMany(m => m["macs"] as JsonArray ?? [])
            .Select(m => m?.ToString() ?? "")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; ; i++)
        {
            var mac = $"02:00:00:00:{i >> 8 & 0xff:x2}:{i & 0xff:x2}";
            if (!registered.Contains(mac))
                return mac;
        }
    }
}
