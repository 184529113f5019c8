using System.Globalization;

namespace PxeXen.Protocol.Tftp;

/// <summary>
/// The options PxeXen understands, parsed from a request or an OACK. A value outside its RFC range
/// leaves the option out (RFC 2347: an option the server does not accept is simply not acknowledged).
/// </summary>
/// <param name="BlockSize">RFC 2348: 8..65464 octets.</param>
/// <param name="TimeoutSeconds">RFC 2349: 1..255 seconds.</param>
/// <param name="TransferSize">RFC 2349: 0 in a read request asks the server for the size.</param>
/// <param name="WindowSize">RFC 7440: 1..65535 blocks.</param>
public readonly record struct TftpOptionSet(int? BlockSize, int? TimeoutSeconds, long? TransferSize, int? WindowSize)
{
    public const int MinBlockSize = 8;
    public const int MaxBlockSize = 65464;
    public const int DefaultBlockSize = 512;
    public const int MaxWindowSize = 65535;

    public bool IsEmpty => BlockSize is null && TimeoutSeconds is null && TransferSize is null && WindowSize is null;

    public static TftpOptionSet Parse(IReadOnlyList<TftpOption> options)
    {
        int? blockSize = null, timeout = null, windowSize = null;
        long? transferSize = null;
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            if (option.Is(TftpOption.BlockSize))
                blockSize ??= ParseInRange(option.Value, MinBlockSize, MaxBlockSize);
            else if (option.Is(TftpOption.Timeout))
                timeout ??= ParseInRange(option.Value, 1, 255);
            else if (option.Is(TftpOption.WindowSize))
                windowSize ??= ParseInRange(option.Value, 1, MaxWindowSize);
            else if (option.Is(TftpOption.TransferSize) && transferSize is null
                     && long.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                transferSize = size;
        }
        return new TftpOptionSet(blockSize, timeout, transferSize, windowSize);
    }

    /// <summary>The set as options to write, in a fixed order (blksize, tsize, timeout, windowsize).</summary>
    public TftpOption[] ToOptions()
    {
        var count = (BlockSize is null ? 0 : 1) + (TransferSize is null ? 0 : 1) + (TimeoutSeconds is null ? 0 : 1) + (WindowSize is null ? 0 : 1);
        var options = new TftpOption[count];
        var i = 0;
        if (BlockSize is { } b)
            options[i++] = new TftpOption(TftpOption.BlockSize, b.ToString(CultureInfo.InvariantCulture));
        if (TransferSize is { } s)
            options[i++] = new TftpOption(TftpOption.TransferSize, s.ToString(CultureInfo.InvariantCulture));
        if (TimeoutSeconds is { } t)
            options[i++] = new TftpOption(TftpOption.Timeout, t.ToString(CultureInfo.InvariantCulture));
        if (WindowSize is { } w)
            options[i] = new TftpOption(TftpOption.WindowSize, w.ToString(CultureInfo.InvariantCulture));
        return options;
    }

    private static int? ParseInRange(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
