namespace PxeXen.Boot.Files;

/// <param name="Content">The whole file, rendered.</param>
/// <param name="Mac">The machine it was rendered for, when known (for boot events).</param>
public sealed record GeneratedFile(string Path, ReadOnlyMemory<byte> Content, string? Mac);
