using CsCheck;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Protocol.Tests.Tftp;

/// <summary>Hostile bytes never make a reader throw; a failure always says why.</summary>
public sealed class TftpFuzzTests
{
    private static readonly Gen<byte[]> Packets = Gen.OneOf(
        Gen.Byte.Array[0, 600],
        // Mostly-valid shapes: a real opcode in front of random bytes, with NULs sprinkled in.
        Gen.Select(Gen.UShort[0, 7], Gen.Int[0, 3].Select(i => "\0a1\xFF"[i]).Select(c => (byte)c).Array[0, 80],
            (op, rest) => (byte[])[(byte)(op >> 8), (byte)op, .. rest]));

    [Fact]
    public void AllReaders_RandomBytes_NeverThrow()
    {
        Packets.Sample(packet =>
        {
            Check(TftpReader.TryReadRequest(packet, out var request, out var reason), request is not null, reason);
            Check(TftpReader.TryReadOptionAck(packet, out _, out reason), true, reason);
            Check(TftpReader.TryReadData(packet, out _, out _, out reason), true, reason);
            Check(TftpReader.TryReadAck(packet, out _, out reason), true, reason);
            Check(TftpReader.TryReadError(packet, out _, out _, out reason), true, reason);
            if (TftpReader.TryReadRequest(packet, out request, out _))
                TftpOptionSet.Parse(request!.Options);
        }, seed: "0N0XIzNsQ0O2", iter: 20_000);
    }

    private static void Check(bool ok, bool valueSet, string? reason)
    {
        if (ok)
            Assert.True(valueSet);
        else
            Assert.Contains("offset", reason);
    }
}
