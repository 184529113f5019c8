using System.Text;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Protocol.Tests.Tftp;

public sealed class TftpReaderTests
{
    // RRQ as sent by curl 7.88 for tftp://host/pxelinux.0 with --tftp-blksize 1468.
    internal static readonly byte[] CurlRequest =
    [
        0x00, 0x01, .. "pxelinux.0"u8, 0x00, .. "octet"u8, 0x00,
        .. "tsize"u8, 0x00, .. "0"u8, 0x00, .. "blksize"u8, 0x00, .. "1468"u8, 0x00,
    ];

    [Fact]
    public void TryReadRequest_CurlGoldenBytes_ReadsNameModeAndOptions()
    {
        Assert.True(TftpReader.TryReadRequest(CurlRequest, out var request, out var reason), reason);
        Assert.Equal(TftpOpcode.ReadRequest, request!.Opcode);
        Assert.Equal("pxelinux.0", request.FileName);
        Assert.True(request.IsOctet);
        Assert.Equal([new TftpOption("tsize", "0"), new TftpOption("blksize", "1468")], request.Options);
        var set = TftpOptionSet.Parse(request.Options);
        Assert.Equal(new TftpOptionSet(1468, null, 0, null), set);
    }

    [Fact]
    public void TryReadRequest_PlainRfc1350_HasNoOptions()
    {
        byte[] packet = [0x00, 0x01, .. "a/b"u8, 0x00, .. "NetASCII"u8, 0x00];
        Assert.True(TftpReader.TryReadRequest(packet, out var request, out _));
        Assert.Empty(request!.Options);
        Assert.True(request.IsNetascii);
    }

    [Fact]
    public void TryReadRequest_TrailingNulPadding_IsTolerated()
    {
        byte[] packet = [.. CurlRequest, 0, 0, 0];
        Assert.True(TftpReader.TryReadRequest(packet, out var request, out var reason), reason);
        Assert.Equal(2, request!.Options.Count);
    }

    [Fact]
    public void TryReadRequest_EveryTruncation_FailsWithOffsetOrStillParses()
    {
        for (var length = 0; length < CurlRequest.Length; length++)
        {
            var ok = TftpReader.TryReadRequest(CurlRequest.AsSpan(0, length), out var request, out var reason);
            if (ok)
            {
                // A cut exactly after a complete option pair is a shorter, valid request.
                Assert.NotNull(request);
                continue;
            }
            Assert.Null(request);
            Assert.Contains("offset", reason);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, "opcode at offset 0 needs 2 bytes, 1 remain")]
    [InlineData(new byte[] { 0x00, 0x09, 0x41 }, "opcode 9 at offset 0 is unknown")]
    [InlineData(new byte[] { 0x00, 0x01, 0x61, 0x62 }, "filename at offset 2 has no NUL terminator (2 bytes remain)")]
    [InlineData(new byte[] { 0x00, 0x01, 0x61, 0x00 }, "mode at offset 4 is missing, the packet ends there")]
    [InlineData(new byte[] { 0x00, 0x01, 0x61, 0x00, 0x6F, 0x00, 0x78, 0x00 }, "value of option 'x' at offset 8 is missing, the packet ends there")]
    [InlineData(new byte[] { 0x00, 0x01, 0x61, 0x00, 0x6F, 0x00, 0x00, 0x31, 0x00 }, "option name at offset 6 is empty")]
    [InlineData(new byte[] { 0x00, 0x04, 0x00, 0x01 }, "opcode 4 at offset 0 is not RRQ or WRQ")]
    public void TryReadRequest_Malformed_NamesFieldAndOffset(byte[] packet, string expected)
    {
        Assert.False(TftpReader.TryReadRequest(packet, out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryReadRequest_TooManyOptions_IsRefused()
    {
        var bytes = new List<byte> { 0, 1, (byte)'f', 0, (byte)'o', (byte)'c', (byte)'t', (byte)'e', (byte)'t', 0 };
        for (var i = 0; i <= TftpReader.MaxOptions; i++)
            bytes.AddRange(Encoding.ASCII.GetBytes($"x{i}\0{i}\0"));
        Assert.False(TftpReader.TryReadRequest(bytes.ToArray(), out _, out var reason));
        Assert.Contains($"more than {TftpReader.MaxOptions} options", reason);
    }

    [Fact]
    public void TryReadData_Golden_SlicesPayloadWithoutCopy()
    {
        byte[] packet = [0x00, 0x03, 0xFF, 0xFE, 1, 2, 3];
        Assert.True(TftpReader.TryReadData(packet, out var block, out var payload, out _));
        Assert.Equal(65534, block);
        Assert.Equal([1, 2, 3], payload.ToArray());
        Assert.True(TftpReader.TryReadData(packet.AsSpan(0, 4), out _, out var empty, out _));
        Assert.True(empty.IsEmpty);
        Assert.False(TftpReader.TryReadData(packet.AsSpan(0, 3), out _, out _, out var reason));
        Assert.Equal("DATA block number at offset 2 needs 2 bytes, 1 remain", reason);
    }

    [Fact]
    public void TryReadAck_Golden_ReadsBlock_AndRefusesOtherOpcodes()
    {
        Assert.True(TftpReader.TryReadAck([0x00, 0x04, 0x01, 0x02], out var block, out _));
        Assert.Equal(0x0102, block);
        Assert.False(TftpReader.TryReadAck([0x00, 0x03, 0x01, 0x02], out _, out var reason));
        Assert.Equal("opcode 3 at offset 0 is not ACK", reason);
        Assert.False(TftpReader.TryReadAck([0x00, 0x04, 0x01], out _, out _));
    }

    [Fact]
    public void TryReadError_WithAndWithoutNul_ReadsMessage()
    {
        byte[] packet = [0x00, 0x05, 0x00, 0x01, .. "File not found"u8, 0x00];
        Assert.True(TftpReader.TryReadError(packet, out var code, out var message, out _));
        Assert.Equal(TftpErrorCode.FileNotFound, code);
        Assert.Equal("File not found", message);
        Assert.True(TftpReader.TryReadError(packet.AsSpan(0, packet.Length - 1), out _, out message, out _));
        Assert.Equal("File not found", message);
        Assert.False(TftpReader.TryReadError(packet.AsSpan(0, 3), out _, out _, out _));
    }

    [Fact]
    public void TryReadOptionAck_Golden_ReadsPairs()
    {
        byte[] packet = [0x00, 0x06, .. "blksize"u8, 0, .. "1468"u8, 0, .. "windowsize"u8, 0, .. "64"u8, 0];
        Assert.True(TftpReader.TryReadOptionAck(packet, out var options, out _));
        Assert.Equal(new TftpOptionSet(1468, null, null, 64), TftpOptionSet.Parse(options));
        Assert.False(TftpReader.TryReadOptionAck(packet.AsSpan(0, packet.Length - 1), out _, out var reason));
        Assert.Equal("value of option 'windowsize' at offset 26 has no NUL terminator (2 bytes remain)", reason);
    }
}
