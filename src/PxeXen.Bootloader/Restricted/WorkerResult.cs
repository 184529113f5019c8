using System.Text;

namespace PxeXen.Bootloader.Restricted;

/// <summary>
/// What the unprivileged worker tells its root parent (spec §11 ".NET-specific notes"), in a file
/// the parent created: <c>files K R\n</c> (written while still root), then <c>record N\n</c> + N
/// record bytes, or <c>localboot\n</c>. Anything else, or a non-zero exit, is a failure.
/// </summary>
internal sealed record WorkerResult(string? Kernel, string? Ramdisk, byte[]? Record, bool LocalBoot)
{
    public static byte[] FilesLine(string kernel, string ramdisk) => Encoding.UTF8.GetBytes($"files {kernel} {ramdisk}\n");

    public static byte[] RecordLines(byte[] record) => [.. Encoding.UTF8.GetBytes($"record {record.Length}\n"), .. record];

    public static readonly byte[] LocalBootLine = "localboot\n"u8.ToArray();

    public static WorkerResult Parse(byte[] data)
    {
        string? kernel = null, ramdisk = null;
        byte[]? record = null;
        var localBoot = false;
        var at = 0;
        while (at < data.Length)
        {
            var newline = Array.IndexOf(data, (byte)'\n', at);
            if (newline < 0)
                break;
            var line = Encoding.UTF8.GetString(data, at, newline - at);
            at = newline + 1;
            var words = line.Split(' ');
            if (words is ["files", var k, var r])
                (kernel, ramdisk) = (k, r);
            else if (words is ["record", var n] && int.TryParse(n, out var length) && length >= 0 && length <= data.Length - at)
            {
                record = data.AsSpan(at, length).ToArray();
                at += length;
            }
            else if (line == "localboot")
                localBoot = true;
        }
        return new WorkerResult(kernel, ramdisk, record, localBoot);
    }
}
