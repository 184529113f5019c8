namespace PxeXen.Server.Tftp;

/// <summary>What one transfer sends: a generated or converted file in memory, or a shared file on disk.</summary>
internal sealed class TftpContent : IDisposable
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly TftpSharedFile? _file;

    public TftpContent(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        Length = memory.Length;
    }

    public TftpContent(TftpSharedFile file)
    {
        _file = file;
        Length = file.Length;
    }

    public long Length { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; short only if the file shrank.</summary>
    public int Read(long offset, Span<byte> destination)
    {
        if (_file is null)
        {
            _memory.Span.Slice((int)offset, destination.Length).CopyTo(destination);
            return destination.Length;
        }
        var total = 0;
        while (total < destination.Length)
        {
            var n = RandomAccess.Read(_file.Handle, destination[total..], offset + total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    public void Dispose() => _file?.Dispose();
}
