using System.CommandLine;
using System.Text.Json.Nodes;
using PxeXen.Cli.Api;
using PxeXen.Cli.Checks;
using PxeXen.Cli.Output;
using Spectre.Console;

namespace PxeXen.Cli.Commands;

/// <summary>
/// <c>pxexen check</c>: like <c>cobbler check</c>, and more: the inventory's consistency, every
/// machine's templates actually rendered through the API, how unregistered MACs are treated, and,
/// next to the service, boot files, ports, DHCP subnets and the address clients are told to use.
/// Exit 7 when anything is wrong.
/// </summary>
public static class CheckCommand
{
    public static Command Create(CommandActions actions)
    {
        var all = new Option<bool>("--all") { Description = "Also list what is fine" };
        var noRender = new Option<bool>("--no-render") { Description = "Do not render every machine's templates (faster on big estates)" };
        var noLocal = new Option<bool>("--no-local") { Description = "Skip the checks of this host (boot files, ports, subnets)" };
        var command = new Command("check", "Diagnose the setup: inventory, templates, boot files, ports, DHCP subnets, server address") { all, noRender, noLocal };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var findings = new List<Finding>();
            var unreachable = false;
            JsonArray distros = [], profiles = [], machines = [];
            try
            {
                distros = await context.Api.GetListAsync("distros", cancellationToken);
                profiles = await context.Api.GetListAsync("profiles", cancellationToken);
                machines = await context.Api.GetListAsync("machines", cancellationToken);
                findings.Add(Finding.Ok("server", $"{context.Endpoint.ApiBase.GetLeftPart(UriPartial.Authority)} answers: {distros.Count} distros, {profiles.Count} profiles, {machines.Count} machines"));
                findings.AddRange(InventoryChecks.Run(distros, profiles, machines));
                findings.AddRange(await UnknownMacChecks.RunAsync(context, profiles, machines, cancellationToken));
                if (!context.Get(noRender))
                    findings.AddRange(await RenderChecks.RunAsync(context, profiles, machines, cancellationToken));
            }
            catch (CommandException e) when (e.ExitCode is ExitCodes.Unreachable or ExitCodes.ServerError)
            {
                unreachable = e.ExitCode == ExitCodes.Unreachable;
                findings.Add(Finding.Error("server", e.Message, e.Hint ?? ""));
            }

            if (!context.Get(noLocal))
                findings.AddRange(LocalFindings(context, distros));

            var shown = findings.Where(f => context.Get(all) || f.Severity != Severity.Ok).ToList();
            var errors = findings.Count(f => f.Severity == Severity.Error);
            var warnings = findings.Count(f => f.Severity == Severity.Warning);
            if (context.Print.Json)
                context.Print.WriteJson(new JsonArray(shown.Select(ToJson).ToArray<JsonNode?>()));
            else
            {
                Print(context.Print.Console, shown);
                context.Print.Out.WriteLine(errors + warnings == 0 ? "no problems found" : $"{errors} problem(s), {warnings} warning(s)");
            }
            return unreachable ? ExitCodes.Unreachable : errors > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The checks of this host. When the API is served here, the settings are those the running
    /// pxexen-server really has (its directory's appsettings.json, environment and command line);
    /// otherwise those of ./appsettings.json, as a service started in this directory would have.
    /// </summary>
    private static List<Finding> LocalFindings(CliContext context, JsonArray distros)
    {
        var findings = new List<Finding>();
        var endpoint = context.Endpoint.ApiBase;
        var sockets = new ListeningSockets(context.Environment.ProcRoot);
        var served = LocalChecks.IsThisHost(endpoint.Host, LocalChecks.HostAddresses());
        var running = served ? RunningService.Find(sockets, context.Environment.ProcRoot, endpoint.Port) : null;
        var local = running?.Settings ?? LocalService.Load(context.Environment.WorkingDirectory);
        if (running is not null)
            findings.Add(Finding.Ok("this host", $"settings of pxexen-server (pid {running.Pid}): {running.Directory}/appsettings.json, its PXEXEN_* environment and command line"));
        // The HTTP port is the one we just talked to when the API is served here.
        var httpPort = served ? endpoint.Port : local.HttpPort ?? ServerEndpoint.DefaultPort;
        var checks = new LocalChecks(local, sockets);
        if (running is null && local.SettingsFile is null && !Directory.Exists(local.BootImages))
            findings.Add(Finding.Warning("this host", $"neither appsettings.json nor boot-images in {local.Directory}: boot files not checked", "run 'pxexen check' in the service's directory, or on the host that serves --server"));
        else
            findings.AddRange(checks.BootFiles(distros));
        findings.AddRange(checks.Ports(httpPort));
        findings.AddRange(checks.Subnets());
        findings.AddRange(checks.ServerAddress());
        return findings;
    }

    /// <summary>One finding per line ("ERROR  profile x: problem"), its fix indented below: long text stays greppable.</summary>
    private static void Print(IAnsiConsole console, List<Finding> findings)
    {
        foreach (var finding in findings)
        {
            var (label, colour) = finding.Severity switch
            {
                Severity.Error => ("ERROR", Color.Red),
                Severity.Warning => ("WARN ", Color.Yellow),
                _ => ("ok   ", Color.Green),
            };
            console.Write(new Text(label, new Style(colour, decoration: Decoration.Bold)));
            console.WriteLine($"  {finding.Subject}: {finding.Problem}");
            if (finding.Fix.Length > 0)
                console.WriteLine($"       fix: {finding.Fix}");
        }
    }

    private static JsonNode ToJson(Finding finding) => new JsonObject
    {
        ["severity"] = finding.Severity.ToString().ToLowerInvariant(),
        ["subject"] = finding.Subject,
        ["problem"] = finding.Problem,
        ["fix"] = finding.Fix,
    };
}
