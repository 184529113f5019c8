namespace PxeXen.Cli.Checks;

public enum Severity
{
    Ok,
    Warning,
    Error,
}

/// <summary>One result of <c>pxexen check</c>: what is wrong, about what, and how to fix it.</summary>
public sealed record Finding(Severity Severity, string Subject, string Problem, string Fix = "")
{
    public static Finding Error(string subject, string problem, string fix = "") => new(Severity.Error, subject, problem, fix);
    public static Finding Warning(string subject, string problem, string fix = "") => new(Severity.Warning, subject, problem, fix);
    public static Finding Ok(string subject, string what) => new(Severity.Ok, subject, what);
}
