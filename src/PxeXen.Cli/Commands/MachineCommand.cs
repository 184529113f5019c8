using System.CommandLine;
using System.Text.Json.Nodes;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary><c>pxexen machine add|list|show|edit|remove|netboot</c>: MACs registered to a profile.</summary>
public static class MachineCommand
{
    private static readonly Column[] Columns =
    [
        Column.Of("NAME", "name"), Column.Of("MACS", "macs"), Column.Of("PROFILE", "profile"),
        Column.Of("IP", "ip"), Column.Of("HOSTNAME", "hostname"),
        new("NETBOOT", m => Json.Bool(m, "netboot") == false ? "off" : "on"),
    ];

    public static Command Create(CommandActions actions)
    {
        var machine = new Command("machine", "Machines: MAC addresses registered to a profile");
        machine.Aliases.Add("system");
        machine.Add(Add(actions));
        machine.Add(List(actions));
        machine.Add(Listing.Show(actions, "machine", "machines"));
        machine.Add(Edit(actions));
        machine.Add(Listing.Remove(actions, "machine", "machines"));
        machine.Add(Netboot(actions));
        return machine;
    }

    private sealed class Fields
    {
        public Option<string[]> Mac { get; } = new("--mac", "-m") { Description = "MAC address (repeat for several NICs)", HelpName = "MAC" };
        public Option<string> Profile { get; } = new("--profile", "-p") { Description = "Profile it boots" };
        public Option<string> Ip { get; } = new("--ip") { Description = "Fixed IPv4 address (DHCP reservation; \"\" takes one from the pool)" };
        public Option<string> Hostname { get; } = new("--hostname") { Description = "Host name handed out by DHCP and to templates" };
        public Option<string> Gateway { get; } = new("--gateway") { Description = "Router for this machine, overriding the subnet's" };
        public Option<string> Netmask { get; } = new("--netmask") { Description = "Netmask for this machine, overriding the subnet's" };
        public Option<string> Uuid { get; } = new("--uuid") { Description = "SMBIOS UUID (PXE option 97, pxelinux.cfg/<uuid>)" };
        public Option<string[]> Vars { get; } = new("--var") { Description = "Template variable KEY=VALUE; repeatable", HelpName = "KEY=VALUE" };

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { Mac, Profile, Ip, Hostname, Gateway, Netmask, Uuid, Vars })
                command.Add(option);
        }

        public void Apply(ParseResult parse, JsonObject machine)
        {
            if (parse.Given(Mac)) machine["macs"] = Values.Array((parse.GetValue(Mac) ?? []).Select(m => Values.Mac(m, "--mac")).Distinct());
            if (parse.Given(Profile)) machine["profile"] = parse.GetValue(Profile);
            if (parse.Given(Ip)) machine["ip"] = Values.Ipv4(parse.GetValue(Ip) ?? "", "--ip");
            if (parse.Given(Gateway)) machine["gateway"] = Values.Ipv4(parse.GetValue(Gateway) ?? "", "--gateway");
            if (parse.Given(Netmask)) machine["netmask"] = Values.Ipv4(parse.GetValue(Netmask) ?? "", "--netmask");
            if (parse.Given(Hostname)) machine["hostname"] = parse.GetValue(Hostname) is { Length: > 0 } host ? host : null;
            if (parse.Given(Uuid))
            {
                var text = parse.GetValue(Uuid) ?? "";
                machine["uuid"] = text.Length == 0 ? null
                    : Guid.TryParse(text, out var uuid) ? uuid.ToString("D")
                    : throw CommandException.Usage($"--uuid '{text}' is not a UUID", "e.g. b8945908-d6a6-41a9-611d-74a6ab80b83d");
            }
            if (parse.Given(Vars))
            {
                var variables = machine["variables"] as JsonObject ?? new JsonObject();
                foreach (var (key, value) in Values.Pairs(parse.GetValue(Vars) ?? [], "--var").ToList())
                    variables[key] = value?.DeepClone();
                machine["variables"] = variables;
            }
        }
    }

    private static Command Add(CommandActions actions)
    {
        var name = new Argument<string>("NAME") { Description = "Machine name, e.g. web01" };
        var fields = new Fields();
        fields.Profile.Required = true;
        var fromSeen = new Option<string?>("--from-seen")
        {
            Description = "Take the MAC from 'pxexen seen' (give the MAC, or nothing when exactly one is waiting)",
            HelpName = "MAC",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var noNetboot = new Option<bool>("--no-netboot") { Description = "Register with netboot off (boots from disk)" };
        var command = new Command("add", "Register a machine: its MAC(s) and the profile it boots") { name, fromSeen, noNetboot };
        fields.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(fields.Mac) is null && result.GetResult(fromSeen) is null)
                result.AddError("give --mac MAC (repeatable), or --from-seen to take one that asked to boot");
        });
        actions.Set(command, async (context, cancellationToken) =>
        {
            var body = new JsonObject { ["name"] = context.Get(name) };
            fields.Apply(context.Parse, body);
            if (context.Parse.Given(fromSeen))
            {
                var mac = await SeenCommand.PickAsync(context, context.Get(fromSeen), cancellationToken);
                var macs = body["macs"] as JsonArray ?? [];
                if (!macs.Any(m => m?.GetValue<string>() == mac))
                    macs.Insert(0, mac);
                body["macs"] = macs;
            }
            if (context.Get(noNetboot))
                body["netboot"] = false;
            var created = await context.Api.SendAsync(HttpMethod.Post, "machines", body, cancellationToken) as JsonObject ?? body;
            context.Print.Done($"machine {context.Get(name)} added: {Json.String(created, "macs")} boots profile {Json.String(created, "profile")}", created);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandActions actions)
    {
        var profile = new Option<string>("--profile", "-p") { Description = "Only machines of this profile" };
        var mac = new Option<string>("--mac", "-m") { Description = "Only the machine with this MAC" };
        var command = new Command("list", "List machines (a table; --json for scripts)") { profile, mac };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var query = new List<string>();
            if (context.Get(profile) is { } p) query.Add("profile=" + Uri.EscapeDataString(p));
            if (context.Get(mac) is { } m) query.Add("mac=" + Uri.EscapeDataString(Values.Mac(m, "--mac")));
            var path = query.Count == 0 ? "machines" : "machines?" + string.Join('&', query);
            context.Print.List(await context.Api.GetListAsync(path, cancellationToken), Columns,
                query.Count == 0 ? "no machines yet: add one with 'pxexen machine add NAME --mac MAC --profile PROFILE'" : "no machine matches");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Edit(CommandActions actions)
    {
        var name = new Argument<string>("NAME");
        var fields = new Fields();
        var addMac = new Option<string[]>("--add-mac") { Description = "Add a MAC to those it has", HelpName = "MAC" };
        var removeMac = new Option<string[]>("--remove-mac") { Description = "Remove one of its MACs", HelpName = "MAC" };
        var command = new Command("edit", "Change a machine: only the options given change (--mac replaces all MACs)") { name, addMac, removeMac };
        fields.AddTo(command);
        actions.Set(command, async (context, cancellationToken) =>
        {
            var path = "machines/" + Values.Segment(context.Get(name)!);
            var machine = await context.Api.GetObjectAsync(path, cancellationToken);
            fields.Apply(context.Parse, machine);
            var macs = (machine["macs"] as JsonArray ?? []).Select(m => m?.GetValue<string>() ?? "").ToList();
            foreach (var mac in (context.Get(addMac) ?? []).Select(m => Values.Mac(m, "--add-mac")))
                if (!macs.Contains(mac))
                    macs.Add(mac);
            foreach (var mac in (context.Get(removeMac) ?? []).Select(m => Values.Mac(m, "--remove-mac")))
                if (!macs.Remove(mac))
                    throw CommandException.Usage($"--remove-mac {mac}: machine {context.Get(name)} does not have it", $"its MACs: {string.Join(", ", macs)}");
            if (macs.Count == 0)
                throw CommandException.Usage($"machine {context.Get(name)} would have no MAC left", "a machine needs at least one; remove the machine instead");
            machine["macs"] = Values.Array(macs);
            var updated = await context.Api.SendAsync(HttpMethod.Put, path, machine, cancellationToken);
            context.Print.Done($"machine {context.Get(name)} updated", updated ?? machine);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Netboot(CommandActions actions)
    {
        var name = new Argument<string>("NAME");
        var state = new Argument<string>("on|off") { Description = "on: boot from the network next time; off: boot from disk (local boot)" };
        state.AcceptOnlyFromAmong("on", "off");
        var command = new Command("netboot", "Turn network boot on (reinstall) or off (local boot) for a machine") { name, state };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var enabled = context.Get(state) == "on";
            var result = await context.Api.SendAsync(HttpMethod.Put, $"machines/{Values.Segment(context.Get(name)!)}/netboot",
                new JsonObject { ["enabled"] = enabled }, cancellationToken);
            context.Print.Done($"machine {context.Get(name)}: netboot {(enabled ? "on, its next boot installs" : "off, its next boot is local")}", result);
            return ExitCodes.Ok;
        });
        return command;
    }
}
