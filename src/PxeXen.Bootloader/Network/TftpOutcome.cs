namespace PxeXen.Bootloader.Network;

/// <summary>How a download ended: done, the server said no (an ERROR packet), or it failed otherwise.</summary>
internal enum TftpOutcomeKind
{
    Done,
    ServerError,
    Failed,
}

internal sealed record TftpOutcome(TftpOutcomeKind Kind, long Bytes, string? Message)
{
    public static TftpOutcome Done(long bytes) => new(TftpOutcomeKind.Done, bytes, null);
    public static TftpOutcome ServerError(string message) => new(TftpOutcomeKind.ServerError, 0, message);
    public static TftpOutcome Failed(string message) => new(TftpOutcomeKind.Failed, 0, message);
}
