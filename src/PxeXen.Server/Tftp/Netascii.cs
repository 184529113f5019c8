namespace PxeXen.Server.Tftp;

/// <summary>
/// RFC 1350 netascii (RFC 764 NVT): LF becomes CR LF and a bare CR becomes CR NUL. tftp-hpa's client
/// asks for netascii unless told "binary", and people do fetch pxelinux configs with it.
/// </summary>
public static class Netascii
{
    public static byte[] Encode(ReadOnlySpan<byte> content)
    {
        var extra = content.Count((byte)'\n') + content.Count((byte)'\r');
        var output = new byte[content.Length + extra];
        var o = 0;
        foreach (var b in content)
        {
            if (b == (byte)'\n')
            {
                output[o++] = (byte)'\r';
                output[o++] = (byte)'\n';
            }
            else if (b == (byte)'\r')
            {
                output[o++] = (byte)'\r';
                output[o++] = 0;
            }
            else
            {
                output[o++] = b;
            }
        }
        return output;
    }
}
