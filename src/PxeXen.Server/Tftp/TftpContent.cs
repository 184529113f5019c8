using System.Runtime.CompilerServices;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block, from the first transfer on
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

    /// <summary>
    /// Fills <paramref name="destinations"/> in order from <paramref name="offset"/> (one positional
    /// scatter read for a file); returns the bytes read, short only if the file shrank.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Read(long offset, IReadOnlyList<Memory<byte>> destinations)
    {
        var total = 0;
        if (_file is not null)
        {
            total = (int)RandomAccess.Read(_file.Handle, destinations, offset);
            var wanted = 0;
            foreach (var destination in destinations)
                wanted += destination.Length;
            if (total == wanted)
                return total;
            total = 0; // a short scatter read: finish slot by slot, which retries partial reads
        }
        foreach (var destination in destinations)
        {
            var n = Read(offset + total, destination.Span);
            total += n;
            if (n < destination.Length)
                break;
        }
        return total;
    }

    public void Dispose() => _file?.Dispose();
}
