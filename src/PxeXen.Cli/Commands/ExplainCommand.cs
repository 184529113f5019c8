using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PxeXen.Cli.Output;
using Spectre.Console;

namespace PxeXen.Cli.Commands;

/// <summary>
/// <c>pxexen explain --mac M [--arch N] [--user-class C]</c>: the boot decision for such a request,
/// step by step (machine, profile, firmware, file or URL), each with the rule that decided it.
/// </summary>
public static class ExplainCommand
{
    // Field names the server may use for a step's title, outcome and rule (docs/api.md leaves the step shape open).
    private static readonly string[] TitleKeys = ["step", "name", "title", "stage", "question"];
    private static readonly string[] OutcomeKeys = ["decision", "result", "outcome", "answer", "value", "choice"];
    private static readonly string[] RuleKeys = ["rule", "because", "reason", "why"];

    public static Command Create(CommandActions actions)
    {
        var mac = new Option<string>("--mac", "-m") { Description = "The client's MAC", Required = true };
        var arch = new Option<int?>("--arch", "-a") { Description = "DHCP option 93: 0 BIOS, 6 UEFI x86, 7/9 UEFI x64, 11 UEFI ARM64, 16 UEFI HTTP x64", HelpName = "N" };
        var userClass = new Option<string>("--user-class", "-u") { Description = "DHCP option 77, e.g. iPXE or XenPV" };
        var vendorClass = new Option<string>("--vendor-class") { Description = "DHCP option 60 (default PXEClient:Arch:<arch>...)" };
        var command = new Command("explain", "Explain the boot decision for a request, step by step, with the rule behind each step") { mac, arch, userClass, vendorClass };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var query = new List<string> { "mac=" + Uri.EscapeDataString(Values.Mac(context.Get(mac)!, "--mac")) };
            if (context.Get(arch) is { } a)
            {
                if (a is < 0 or > 65535)
                    throw CommandException.Usage($"--arch {a} is not an option 93 value (0-65535)");
                query.Add("arch=" + a.ToString(CultureInfo.InvariantCulture));
            }
            if (context.Get(userClass) is { } u) query.Add("userClass=" + Uri.EscapeDataString(u));
            if (context.Get(vendorClass) is { } v) query.Add("vendorClass=" + Uri.EscapeDataString(v));
            var decision = await context.Api.GetObjectAsync("explain?" + string.Join('&', query), cancellationToken);
            if (context.Print.Json)
                context.Print.WriteJson(decision);
            else
                Print(context.Print.Console, decision);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static void Print(IAnsiConsole console, JsonObject decision)
    {
        var steps = decision["steps"] as JsonArray
            ?? decision.FirstOrDefault(p => p.Value is JsonArray { Count: > 0 } list && list.All(i => i is JsonObject)).Value as JsonArray;
        var number = 0;
        foreach (var step in steps?.OfType<JsonObject>() ?? [])
        {
            var title = First(step, TitleKeys, out var titleKey);
            var outcome = First(step, OutcomeKeys, out var outcomeKey);
            var rule = First(step, RuleKeys, out var ruleKey);
            // {"rule": "option 93", "outcome": "UEFI x64: ipxe.efi"}: the rule is what was asked.
            if (titleKey is null && ruleKey is not null)
                (title, titleKey, rule) = (rule, ruleKey, "");
            console.Write(new Text($"{++number}. ", new Style(decoration: Decoration.Bold)));
            console.Write(new Text(title.Length > 0 ? title : "step", new Style(decoration: Decoration.Bold)));
            console.WriteLine(outcome.Length > 0 ? $": {outcome}" : "");
            if (rule.Length > 0)
                console.WriteLine($"   rule: {rule}");
            foreach (var (key, value) in step.Where(p => p.Key != titleKey && p.Key != outcomeKey && p.Key != ruleKey && p.Value is not null))
                console.WriteLine($"   {key}: {Json.Text(value)}");
        }
        // Whatever else the server says (the final answer: file, URL, server) after the steps.
        foreach (var (key, value) in decision)
            if (value is not null && !ReferenceEquals(value, steps) && Json.Text(value) is { Length: > 0 } text)
                console.WriteLine($"{key}: {text}");
    }

    private static string First(JsonObject step, string[] keys, out string? key)
    {
        foreach (var candidate in keys)
            if (step[candidate] is { } node)
            {
                key = candidate;
                return Json.Text(node);
            }
        key = null;
        return "";
    }
}
