using System.Text.Json.Nodes;
using PxeXen.Cli.Commands;
using PxeXen.Cli.Output;
using Spectre.Console;

namespace PxeXen.Cli.Checks;

/// <summary>
/// Renders every template every machine can be served through the API and reports those that
/// fail: a template error is found here, not when a machine sits at a boot prompt.
/// </summary>
public static class RenderChecks
{
    public static async Task<List<Finding>> RunAsync(CliContext context, JsonArray profiles, JsonArray machines, CancellationToken cancellationToken)
    {
        var profileByName = profiles.OfType<JsonObject>().ToDictionary(p => Json.String(p, "name"), StringComparer.Ordinal);
        var work = new List<(string Machine, string Kind)>();
        foreach (var machine in machines.OfType<JsonObject>())
        {
            var name = Json.String(machine, "name");
            if (!profileByName.TryGetValue(Json.String(machine, "profile"), out var profile))
                continue;
            var chain = InventoryChecks.ParentChain(profile, profileByName, out _);
            foreach (var kind in new[] { "pxelinux", "ipxe", "grub" })
                work.Add((name, kind));
            if (chain.Any(p => Json.String(p, "answerTemplate").Length > 0))
                work.Add((name, "answer"));
            if (chain.Any(InventoryChecks.HasXenSettings))
                work.Add((name, "xl.cfg"));
        }
        var findings = new List<Finding>();
        if (work.Count == 0)
            return findings;

        async Task RenderAllAsync(Action advance)
        {
            foreach (var (machine, kind) in work)
            {
                try
                {
                    await context.Api.GetTextAsync($"machines/{Values.Segment(machine)}/render/{kind}", cancellationToken);
                }
                catch (CommandException e) when (e.ExitCode is ExitCodes.Refused or ExitCodes.NotFound or ExitCodes.ServerError)
                {
                    findings.Add(Finding.Error($"machine {machine}", $"{kind} does not render: {e.Message}", $"pxexen render {machine} --template {kind}; fix the template under menus/ or the profile"));
                }
                advance();
            }
        }

        if (context.Print.IsInteractive && !context.Print.Json)
            await context.Print.Console.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask($"rendering {work.Count} templates", maxValue: work.Count);
                await RenderAllAsync(() => task.Increment(1));
            });
        else
            await RenderAllAsync(() => { });
        var failed = findings.Count;
        findings.Add(Finding.Ok("templates", $"{work.Count - failed} of {work.Count} render"));
        return findings;
    }
}
