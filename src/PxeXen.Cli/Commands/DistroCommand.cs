using System.CommandLine;
using System.Text.Json.Nodes;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary><c>pxexen distro add|list|show|edit|remove</c>: kernels and initrds under boot-images.</summary>
public static class DistroCommand
{
    private static readonly Column[] Columns =
    [
        Column.Of("NAME", "name"), Column.Of("ARCH", "arch"), Column.Of("BREED", "breed"),
        Column.Of("KERNEL", "kernel"), Column.Of("INITRDS", "initrds"),
        new("XEN", d => XenSummary(d)),
    ];

    public static Command Create(CommandActions actions)
    {
        var distro = new Command("distro", "Kernels and initrds (paths relative to the service's boot-images)");
        distro.Add(Add(actions));
        distro.Add(Listing.List(actions, "distros", Columns, "no distros yet: add one with 'pxexen distro add NAME --kernel PATH --initrd PATH'"));
        distro.Add(Listing.Show(actions, "distro", "distros"));
        distro.Add(Edit(actions));
        distro.Add(Listing.Remove(actions, "distro", "distros"));
        return distro;
    }

    private sealed class Fields
    {
        public Option<string> Kernel { get; } = new("--kernel") { Description = "Kernel path under boot-images, e.g. debian12/vmlinuz", HelpName = "PATH" };
        public Option<string[]> Initrd { get; } = new("--initrd") { Description = "Initrd path under boot-images (repeat for several)", HelpName = "PATH", AllowMultipleArgumentsPerToken = false };
        public Option<string> Arch { get; } = new("--arch") { Description = "x86_64, i386 or aarch64 (default x86_64)" };
        public Option<string> Breed { get; } = new("--breed") { Description = "redhat, debian, suse or generic (default generic)" };
        public Option<string> KernelArgs { get; } = new("--kernel-args") { Description = "Kernel arguments every profile of this distro gets", HelpName = "ARGS" };

        public void AddTo(Command command)
        {
            command.Add(Kernel);
            command.Add(Initrd);
            command.Add(Arch);
            command.Add(Breed);
            command.Add(KernelArgs);
        }

        public void Apply(ParseResult parse, JsonObject distro)
        {
            if (parse.Given(Kernel)) distro["kernel"] = parse.GetValue(Kernel);
            if (parse.Given(Initrd)) distro["initrds"] = Values.Array(parse.GetValue(Initrd) ?? []);
            if (parse.Given(Arch)) distro["arch"] = parse.GetValue(Arch);
            if (parse.Given(Breed)) distro["breed"] = parse.GetValue(Breed);
            if (parse.Given(KernelArgs)) distro["kernelArgs"] = parse.GetValue(KernelArgs);
        }
    }

    private static Command Add(CommandActions actions)
    {
        var name = new Argument<string>("NAME") { Description = "Distro name, e.g. debian12" };
        var fields = new Fields();
        fields.Kernel.Required = true;
        var command = new Command("add", "Register a distro; the server inspects the kernel and says whether Xen can boot it as PV or PVH") { name };
        fields.AddTo(command);
        actions.Set(command, async (context, cancellationToken) =>
        {
            var body = new JsonObject { ["name"] = context.Get(name), ["initrds"] = new JsonArray() };
            fields.Apply(context.Parse, body);
            var created = await context.Api.SendAsync(HttpMethod.Post, "distros", body, cancellationToken) as JsonObject ?? body;
            context.Print.Done($"distro {context.Get(name)} added: {XenVerdict(created)}", created);
            if (Json.Bool(created, "xen.pv") == false && !context.Print.Json)
                context.Print.Warn("profiles using this distro cannot boot Xen PV domUs (xl create would fail with 'Not a Xen-ELF image')");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Edit(CommandActions actions)
    {
        var name = new Argument<string>("NAME");
        var fields = new Fields();
        var command = new Command("edit", "Change a distro: only the options given change, the rest is kept") { name };
        fields.AddTo(command);
        actions.Set(command, async (context, cancellationToken) =>
        {
            var path = "distros/" + Values.Segment(context.Get(name)!);
            var distro = await context.Api.GetObjectAsync(path, cancellationToken);
            fields.Apply(context.Parse, distro);
            var updated = await context.Api.SendAsync(HttpMethod.Put, path, distro, cancellationToken) as JsonObject ?? distro;
            context.Print.Done($"distro {context.Get(name)} updated: {XenVerdict(updated)}", updated);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"kernel debian12/vmlinuz: Xen PV yes, PVH no" from the server's inspection.</summary>
    public static string XenVerdict(JsonObject distro)
    {
        var kernel = Json.String(distro, "kernel");
        if (Json.At(distro, "xen") is not JsonObject xen)
            return $"kernel {kernel}: the server did not report whether Xen can boot it";
        var verdict = $"kernel {kernel}: Xen PV {YesNo(Json.Bool(xen, "pv"))}, PVH {YesNo(Json.Bool(xen, "pvh"))}";
        var reason = Json.String(xen, "reason");
        return reason.Length > 0 ? $"{verdict} ({reason})" : verdict;
    }

    private static string XenSummary(JsonObject distro) => Json.At(distro, "xen") is JsonObject xen
        ? string.Join('+', new[] { Json.Bool(xen, "pv") == true ? "PV" : null, Json.Bool(xen, "pvh") == true ? "PVH" : null }.OfType<string>()) is { Length: > 0 } s ? s : "no"
        : "?";

    private static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "unknown" };
}
