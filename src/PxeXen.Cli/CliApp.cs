using System.CommandLine;
using System.CommandLine.Help;
using PxeXen.Cli.Commands;

namespace PxeXen.Cli;

/// <summary>
/// <c>pxexen</c>: builds the command tree, turns parse errors into exit code 2 and every
/// <see cref="CommandException"/> into one "pxexen: ..." line plus a hint, with its exit code.
/// </summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions();
        var root = Build(globals, environment);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        // "pxexen" or "pxexen machine" alone: show what it can do rather than "command not provided".
        if (parse.Errors.Count == 1 && parse.UnmatchedTokens.Count == 0 && parse.CommandResult.Command is { Action: null, Subcommands.Count: > 0 } group)
        {
            await root.Parse([.. CommandPath(group).Split(' ').Skip(1), "--help"]).InvokeAsync(invocation, cancellationToken);
            return ExitCodes.Usage;
        }
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors)
                await environment.Error.WriteLineAsync($"pxexen: {error.Message}");
            await environment.Error.WriteLineAsync($"see '{CommandPath(parse.CommandResult.Command)} --help'");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    internal static RootCommand Build(GlobalOptions globals, CliEnvironment environment)
    {
        var root = new RootCommand(
            "pxexen: the PxeXen operator's command line (distros, profiles, machines, leases, boot events).\n" +
            "Talks to the service's REST API; reads are open, changes need the API token.\n" + ExitCodes.Summary);
        globals.AddTo(root);
        var app = new CommandActions(globals, environment);
        root.Add(DistroCommand.Create(app));
        root.Add(ProfileCommand.Create(app));
        root.Add(MachineCommand.Create(app));
        root.Add(LeaseCommand.Create(app));
        root.Add(EventsCommand.Create(app));
        root.Add(SeenCommand.Create(app));
        root.Add(RenderCommand.Create(app));
        root.Add(ExplainCommand.Create(app));
        root.Add(DomuConfigCommand.Create(app));
        root.Add(CheckCommand.Create(app));
        return root;
    }

    /// <summary>"pxexen machine add" for the command that failed to parse.</summary>
    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? current = command; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, current.Name);
        names.Insert(0, "pxexen");
        return string.Join(' ', names);
    }
}