using System.CommandLine;
using System.Text.Json.Nodes;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary>
/// <c>pxexen profile add|list|show|edit|remove</c>: a distro plus kernel arguments, templates and
/// Xen domU settings; a profile with <c>--parent</c> inherits and overrides (Cobbler sub-profiles).
/// </summary>
public static class ProfileCommand
{
    private static readonly Column[] Columns =
    [
        Column.Of("NAME", "name"), Column.Of("DISTRO", "distro"), Column.Of("PARENT", "parent"),
        Column.Of("KERNEL ARGS", "kernelArgs"), Column.Of("ANSWER", "answerTemplate"),
        new("XEN DOMU", p => Json.At(p, "xen") is JsonObject xen
            ? string.Join(", ", new[]
            {
                Json.String(xen, "type"),
                Json.String(xen, "memoryMiB") is { Length: > 0 } m ? m + " MiB" : "",
                Json.String(xen, "vcpus") is { Length: > 0 } v ? v + " vcpus" : "",
                Json.String(xen, "bridge"),
            }.Where(s => s.Length > 0))
            : ""),
    ];

    public static Command Create(CommandActions actions)
    {
        var profile = new Command("profile", "What a machine boots: distro, kernel arguments, templates, Xen domU settings");
        profile.Add(Add(actions));
        profile.Add(Listing.List(actions, "profiles", Columns, "no profiles yet: add one with 'pxexen profile add NAME --distro DISTRO'"));
        profile.Add(Listing.Show(actions, "profile", "profiles"));
        profile.Add(Edit(actions));
        profile.Add(Listing.Remove(actions, "profile", "profiles"));
        return profile;
    }

    private sealed class Fields
    {
        public Option<string> Distro { get; } = new("--distro") { Description = "The distro it boots (not needed with --parent)" };
        public Option<string> Parent { get; } = new("--parent") { Description = "Inherit everything from this profile and override what is given (\"\" clears it)", HelpName = "PROFILE" };
        public Option<string> KernelArgs { get; } = new("--kernel-args") { Description = "Kernel arguments, e.g. \"console=hvc0 auto=true\"", HelpName = "ARGS" };
        public Option<string> Answer { get; } = new("--answer-template") { Description = "Answer-file template under menus/answers (preseed, kickstart, autoyast, cloud-init)", HelpName = "NAME" };
        public Option<string[]> Menu { get; } = new("--menu-template") { Description = "Template override, KIND=NAME under menus/KIND (kind: pxelinux, ipxe, grub, xen); repeatable", HelpName = "KIND=NAME" };
        public Option<int> Memory { get; } = new("--memory") { Description = "Xen domU memory in MiB", HelpName = "MIB" };
        public Option<int> Vcpus { get; } = new("--vcpus") { Description = "Xen domU virtual CPUs" };
        public Option<int> DiskSize { get; } = new("--disk-size") { Description = "Xen domU disk size in GiB", HelpName = "GIB" };
        public Option<string> Disk { get; } = new("--disk") { Description = "xl disk spec, may use the machine name: \"phy:/dev/vg0/{{machine.name}},xvda,w\"", HelpName = "SPEC" };
        public Option<string> Bridge { get; } = new("--bridge") { Description = "dom0 bridge for the domU's vif, e.g. xenbr0" };
        public Option<string> XenType { get; } = new("--xen-type") { Description = "domU type: pv (default) or pvh", HelpName = "pv|pvh" };
        public Option<string[]> Vars { get; } = new("--var") { Description = "Template variable KEY=VALUE; repeatable", HelpName = "KEY=VALUE" };

        public void AddTo(Command command)
        {
            XenType.AcceptOnlyFromAmong("pv", "pvh");
            foreach (Option option in new Option[] { Distro, Parent, KernelArgs, Answer, Menu, Memory, Vcpus, DiskSize, Disk, Bridge, XenType, Vars })
                command.Add(option);
        }

        public void Apply(ParseResult parse, JsonObject profile)
        {
            if (parse.Given(Distro)) profile["distro"] = parse.GetValue(Distro);
            if (parse.Given(Parent)) profile["parent"] = parse.GetValue(Parent) is { Length: > 0 } parent ? parent : null;
            if (parse.Given(KernelArgs)) profile["kernelArgs"] = parse.GetValue(KernelArgs);
            if (parse.Given(Answer)) profile["answerTemplate"] = parse.GetValue(Answer);
            if (parse.Given(Menu))
            {
                var menus = profile["menuTemplates"] as JsonObject ?? new JsonObject();
                foreach (var (kind, template) in Values.Pairs(parse.GetValue(Menu) ?? [], "--menu-template").ToList())
                    menus[kind] = template?.DeepClone();
                profile["menuTemplates"] = menus;
            }
            if (parse.Given(Vars))
            {
                var variables = profile["variables"] as JsonObject ?? new JsonObject();
                foreach (var (key, value) in Values.Pairs(parse.GetValue(Vars) ?? [], "--var").ToList())
                    variables[key] = value?.DeepClone();
                profile["variables"] = variables;
            }
            var xen = profile["xen"] as JsonObject;
            JsonObject Xen() => xen ??= (JsonObject)(profile["xen"] = new JsonObject());
            if (parse.Given(Memory)) Xen()["memoryMiB"] = Values.Positive(parse.GetValue(Memory), "--memory");
            if (parse.Given(Vcpus)) Xen()["vcpus"] = Values.Positive(parse.GetValue(Vcpus), "--vcpus");
            if (parse.Given(DiskSize)) Xen()["diskGiB"] = Values.Positive(parse.GetValue(DiskSize), "--disk-size");
            if (parse.Given(Disk)) Xen()["disk"] = parse.GetValue(Disk);
            if (parse.Given(Bridge)) Xen()["bridge"] = parse.GetValue(Bridge);
            if (parse.Given(XenType)) Xen()["type"] = parse.GetValue(XenType);
        }
    }

    private static Command Add(CommandActions actions)
    {
        var name = new Argument<string>("NAME") { Description = "Profile name, e.g. debian12-xen" };
        var fields = new Fields();
        var command = new Command("add", "Create a profile from a distro, or from a parent profile") { name };
        fields.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(fields.Distro) is null && result.GetResult(fields.Parent) is null)
                result.AddError("give --distro DISTRO, or --parent PROFILE to inherit one");
        });
        actions.Set(command, async (context, cancellationToken) =>
        {
            var body = new JsonObject { ["name"] = context.Get(name) };
            fields.Apply(context.Parse, body);
            var created = await context.Api.SendAsync(HttpMethod.Post, "profiles", body, cancellationToken);
            context.Print.Done($"profile {context.Get(name)} added", created ?? body);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Edit(CommandActions actions)
    {
        var name = new Argument<string>("NAME");
        var fields = new Fields();
        var command = new Command("edit", "Change a profile: only the options given change (--var and --menu-template add to what is there)") { name };
        fields.AddTo(command);
        actions.Set(command, async (context, cancellationToken) =>
        {
            var path = "profiles/" + Values.Segment(context.Get(name)!);
            var profile = await context.Api.GetObjectAsync(path, cancellationToken);
            fields.Apply(context.Parse, profile);
            var updated = await context.Api.SendAsync(HttpMethod.Put, path, profile, cancellationToken);
            context.Print.Done($"profile {context.Get(name)} updated", updated ?? profile);
            return ExitCodes.Ok;
        });
        return command;
    }
}
