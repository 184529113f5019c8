using System.CommandLine;

namespace PxeXen.Cli.Commands;

/// <summary>
/// <c>pxexen domu-config MACHINE</c>: the xl.cfg of a PV domU that boots through pxexen-boot
/// (rendered by the server from menus/xen/xl.cfg.scriban with the machine's profile).
/// </summary>
public static class DomuConfigCommand
{
    public static Command Create(CommandActions actions)
    {
        var name = new Argument<string>("MACHINE");
        var output = new Option<string>("--output", "-o") { Description = "Write to this file instead of stdout, e.g. /etc/xen/web01.cfg", HelpName = "FILE" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite --output if it exists" };
        var command = new Command("domu-config", "Write the xl.cfg for a Xen PV domU that netboots through pxexen-boot") { name, output, force };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var file = context.Get(output);
            if (file is not null && File.Exists(file) && !context.Get(force))
                throw CommandException.Usage($"{file} exists", "give --force to overwrite it");
            var config = await context.Api.GetTextAsync($"machines/{Values.Segment(context.Get(name)!)}/render/xl.cfg", cancellationToken);
            if (!config.EndsWith('\n'))
                config += "\n";
            if (file is null)
            {
                await context.Print.Out.WriteAsync(config);
                return ExitCodes.Ok;
            }
            try
            {
                await File.WriteAllTextAsync(file, config, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandException(ExitCodes.Usage, $"cannot write {file}: {e.Message}");
            }
            context.Print.Note($"wrote {file}; start the domU with: xl create {file}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
