using PxeXen.Protocol.Tftp;

namespace PxeXen.Protocol.Tests.Tftp;

public sealed class TftpWriterTests
{
    [Fact]
    public void WriteRequest_CurlOptions_MatchesGoldenBytes()
    {
        var buffer = new byte[100];
        TftpOption[] options = [new("tsize", "0"), new("blksize", "1468")];
        var length = TftpWriter.WriteRequest(buffer, TftpOpcode.ReadRequest, "pxelinux.0", "octet", options);
        Assert.Equal(TftpWriter.GetRequestLength("pxelinux.0", "octet", options), length);
        Assert.Equal(TftpReaderTests.CurlRequest, buffer[..length]);
    }

    [Fact]
    public void WriteData_Ack_Error_Oack_MatchGoldenBytes()
    {
        var buffer = new byte[64];
        Assert.Equal(7, TftpWriter.WriteData(buffer, 0xABCD, [9, 8, 7]));
        Assert.Equal(new byte[] { 0, 3, 0xAB, 0xCD, 9, 8, 7 }, buffer[..7]);
        Assert.Equal(4, TftpWriter.WriteAck(buffer, 65535));
        Assert.Equal(new byte[] { 0, 4, 0xFF, 0xFF }, buffer[..4]);
        var n = TftpWriter.WriteError(buffer, TftpErrorCode.UnknownTransferId, "Unknown transfer ID");
        Assert.Equal([0, 5, 0, 5, .. "Unknown transfer ID"u8, 0], buffer[..n]);
        n = TftpWriter.WriteOptionAck(buffer, new TftpOptionSet(1468, null, 1234, 16).ToOptions());
        Assert.Equal([0, 6, .. "blksize"u8, 0, .. "1468"u8, 0, .. "tsize"u8, 0, .. "1234"u8, 0, .. "windowsize"u8, 0, .. "16"u8, 0], buffer[..n]);
    }

    [Fact]
    public void Write_BufferTooSmall_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => TftpWriter.WriteAck(new byte[3], 1));
        Assert.Throws<ArgumentException>(() => TftpWriter.WriteError(new byte[5], TftpErrorCode.NotDefined, "x"));
        Assert.Throws<ArgumentException>(() => TftpWriter.WriteRequest(new byte[100], TftpOpcode.Data, "f", "octet", []));
    }

    [Fact]
    public void RoundTrip_RequestOptionAckDataAckError()
    {
        var buffer = new byte[70_000];
        var set = new TftpOptionSet(65464, 5, 0, 64);
        var n = TftpWriter.WriteRequest(buffer, TftpOpcode.ReadRequest, "images/vmlinuz", "octet", set.ToOptions());
        Assert.True(TftpReader.TryReadRequest(buffer.AsSpan(0, n), out var request, out _));
        Assert.Equal("images/vmlinuz", request!.FileName);
        Assert.Equal(set, TftpOptionSet.Parse(request.Options));

        n = TftpWriter.WriteOptionAck(buffer, set.ToOptions());
        Assert.True(TftpReader.TryReadOptionAck(buffer.AsSpan(0, n), out var options, out _));
        Assert.Equal(set, TftpOptionSet.Parse(options));

        var payload = new byte[65464];
        Random.Shared.NextBytes(payload);
        n = TftpWriter.WriteData(buffer, 42, payload);
        Assert.True(TftpReader.TryReadData(buffer.AsSpan(0, n), out var block, out var read, out _));
        Assert.Equal(42, block);
        Assert.True(read.SequenceEqual(payload));

        n = TftpWriter.WriteError(buffer, TftpErrorCode.AccessViolation, "read-only");
        Assert.True(TftpReader.TryReadError(buffer.AsSpan(0, n), out var code, out var message, out _));
        Assert.Equal((TftpErrorCode.AccessViolation, "read-only"), (code, message));
    }

    [Theory]
    [InlineData("blksize", "7", null)]
    [InlineData("blksize", "8", 8)]
    [InlineData("BLKSIZE", "65464", 65464)]
    [InlineData("blksize", "65465", null)]
    [InlineData("blksize", "-1", null)]
    [InlineData("blksize", " 512", null)]
    [InlineData("blksize", "99999999999999999999", null)]
    public void OptionSet_BlockSizeOutsideRfc2348_IsLeftOut(string name, string value, int? expected)
    {
        Assert.Equal(expected, TftpOptionSet.Parse([new TftpOption(name, value)]).BlockSize);
    }

    [Fact]
    public void OptionSet_RangesAndFirstWins()
    {
        var set = TftpOptionSet.Parse([new("timeout", "0"), new("timeout", "3"), new("windowsize", "0"), new("windowsize", "65536"), new("tsize", "x"), new("utimeout", "1000")]);
        Assert.Equal(3, set.TimeoutSeconds);
        Assert.Null(set.WindowSize);
        Assert.Null(set.TransferSize);
        Assert.True(new TftpOptionSet().IsEmpty);
    }
}
