using System.Net;
using PxeXen.Bootloader.Network;

namespace PxeXen.Bootloader.Tests.Network;

public class TftpDownloadTests
{
    private static byte[] Data(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private static (TftpOutcome Outcome, byte[] Bytes) Get(FakeTftpServer server, string path, CancellationToken cancellationToken, TftpDownload? download = null)
    {
        using var destination = new MemoryStream();
        var outcome = (download ?? new TftpDownload { Timeout = TimeSpan.FromMilliseconds(300) })
            .Run(new IPEndPoint(IPAddress.Loopback, server.Port), path, destination, cancellationToken);
        return (outcome, destination.ToArray());
    }

    [Fact(Timeout = 20_000)]
    public async Task Run_Oack_BlksizeWindowsizeTsize()
    {
        await using var server = new FakeTftpServer();
        var data = Data(1408 * 40 + 17);
        server.Files["k"] = data;
        var (outcome, bytes) = Get(server, "k", TestContext.Current.CancellationToken);
        Assert.Equal(TftpOutcomeKind.Done, outcome.Kind);
        Assert.Equal(data, bytes);
        Assert.True(server.RequestDetails.TryPeek(out var request));
        Assert.Equal("octet", request.Mode);
        Assert.Contains(request.Options, o => o.Name == "tsize" && o.Value == "0");
        Assert.Contains(request.Options, o => o.Name == "blksize" && o.Value == "1408");
        Assert.Contains(request.Options, o => o.Name == "windowsize" && o.Value == "16");
    }

    [Fact(Timeout = 20_000)]
    public async Task Run_ServerIgnoringOptions_Plain512()
    {
        await using var server = new FakeTftpServer { HonourOptions = false };
        var data = Data(512 * 7); // exact multiple: ends with an empty block
        server.Files["k"] = data;
        var (outcome, bytes) = Get(server, "k", TestContext.Current.CancellationToken);
        Assert.Equal(TftpOutcomeKind.Done, outcome.Kind);
        Assert.Equal(data, bytes);
    }

    [Fact(Timeout = 60_000)]
    public async Task Run_BlockNumbersWrap()
    {
        await using var server = new FakeTftpServer();
        var data = Data(8 * 70_000 + 3); // 70,001 blocks of 8 bytes: past 65535
        server.Files["big"] = data;
        var (outcome, bytes) = Get(server, "big", TestContext.Current.CancellationToken, new TftpDownload { BlockSize = 8, WindowSize = 64, Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(TftpOutcomeKind.Done, outcome.Kind);
        Assert.Equal(data, bytes);
    }

    [Fact(Timeout = 20_000)]
    public async Task Run_LostBlockInWindow_Recovered()
    {
        await using var server = new FakeTftpServer { DropBlockOnce = 5 };
        var data = Data(1408 * 30);
        server.Files["k"] = data;
        var (outcome, bytes) = Get(server, "k", TestContext.Current.CancellationToken);
        Assert.Equal(TftpOutcomeKind.Done, outcome.Kind);
        Assert.Equal(data, bytes);
    }

    [Fact(Timeout = 20_000)]
    public async Task Run_ForeignPort_GetsError5_TransferContinues()
    {
        await using var server = new FakeTftpServer { NoiseFromForeignPort = true, HonourOptions = false };
        var data = Data(512 * 4 + 1);
        server.Files["k"] = data;
        var (outcome, bytes) = Get(server, "k", TestContext.Current.CancellationToken);
        Assert.Equal(TftpOutcomeKind.Done, outcome.Kind);
        Assert.Equal(data, bytes);
        Assert.Contains((ushort)5, server.ErrorsReceived);
    }

    [Fact(Timeout = 20_000)]
    public async Task Run_NotFound_IsServerError()
    {
        await using var server = new FakeTftpServer();
        var (outcome, _) = Get(server, "nothing", TestContext.Current.CancellationToken);
        Assert.Equal(TftpOutcomeKind.ServerError, outcome.Kind);
        Assert.StartsWith("1 ", outcome.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task Run_TsizeOverLimit_Aborted()
    {
        await using var server = new FakeTftpServer();
        server.Files["k"] = Data(5000);
        var (outcome, _) = Get(server, "k", TestContext.Current.CancellationToken, new TftpDownload { MaxSize = 4096, Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(TftpOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("limit", outcome.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task Run_DataOverLimitWithoutTsize_Aborted()
    {
        await using var server = new FakeTftpServer { HonourOptions = false };
        server.Files["k"] = Data(5000);
        var (outcome, _) = Get(server, "k", TestContext.Current.CancellationToken, new TftpDownload { MaxSize = 4096, Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(TftpOutcomeKind.Failed, outcome.Kind);
    }

    [Fact(Timeout = 20_000)]
    public void Run_NoServer_FailsAfterRetries()
    {
        using var destination = new MemoryStream();
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var outcome = new TftpDownload { Timeout = TimeSpan.FromMilliseconds(100), Retries = 3 }
            .Run((IPEndPoint)silent.LocalEndPoint!, "k", destination, TestContext.Current.CancellationToken);
        Assert.Equal(TftpOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("no answer", outcome.Message);
    }
}
