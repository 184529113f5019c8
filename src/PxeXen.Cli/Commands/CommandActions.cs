using System.CommandLine;

namespace PxeXen.Cli.Commands;

/// <summary>
/// Wraps each command's body: makes its <see cref="CliContext"/>, and maps what escapes it to an
/// exit code and a message on stderr (never a stack trace for an expected failure).
/// </summary>
public sealed class CommandActions(GlobalOptions globals, CliEnvironment environment)
{
    public void Set(Command command, Func<CliContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parse, Func<CliContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        using var context = new CliContext(parse, globals, environment);
        try
        {
            return await body(context, cancellationToken);
        }
        catch (CommandException e)
        {
            await environment.Error.WriteLineAsync($"pxexen: {e.Message}");
            if (e.Hint is not null)
                await environment.Error.WriteLineAsync($"  hint: {e.Hint}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
