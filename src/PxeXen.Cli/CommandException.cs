namespace PxeXen.Cli;

/// <summary>
/// A command that cannot go on: carries the exit code and a message that says what to fix. Thrown
/// from deep inside a command (an API call, a bad option value) and turned into one line on stderr
/// by <see cref="CliApp"/>; never swallowed.
/// </summary>
public sealed class CommandException(int exitCode, string message, string? hint = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>What the operator can do about it, printed on its own line.</summary>
    public string? Hint { get; } = hint;

    public static CommandException Usage(string message, string? hint = null) => new(ExitCodes.Usage, message, hint);
}
