using System.CommandLine;

namespace PxeXen.Cli.Commands;

/// <summary><c>pxexen render MACHINE --template KIND</c>: exactly what the machine would be served, without booting it.</summary>
public static class RenderCommand
{
    public static readonly string[] Kinds = ["pxelinux", "ipxe", "grub", "answer", "xl.cfg"];

    public static Command Create(CommandActions actions)
    {
        var name = new Argument<string>("MACHINE");
        var kind = new Option<string>("--template", "-t")
        {
            Description = "What to render: pxelinux, ipxe, grub, answer (the answer file) or xl.cfg",
            DefaultValueFactory = _ => "pxelinux",
        };
        kind.AcceptOnlyFromAmong(Kinds);
        var command = new Command("render", "Show what a machine would get (boot menu, iPXE script, grub.cfg, answer file, xl.cfg)") { name, kind };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var text = await context.Api.GetTextAsync($"machines/{Values.Segment(context.Get(name)!)}/render/{context.Get(kind)}", cancellationToken);
            await context.Print.Out.WriteAsync(text.EndsWith('\n') ? text : text + "\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
