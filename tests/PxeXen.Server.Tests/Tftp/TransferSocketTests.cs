using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PxeXen.Server.Tftp;

namespace PxeXen.Server.Tests.Tftp;

/// <summary>The per-block calls straight through libc: the same results and error codes as Socket gives.</summary>
public sealed class TransferSocketTests
{
    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    [Fact(Timeout = 10_000)]
    public void ReceiveFrom_GivesTheDatagramAndItsSender_AndSendToReachesThePeer()
    {
        using var server = Bound();
        using var client = Bound();
        var calls = new TransferSocket(server);
        client.SendTo([0, 4, 1, 2], server.LocalEndPoint!);
        var buffer = new byte[516];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        Assert.Equal(4, calls.ReceiveFrom(buffer, from));
        Assert.Equal(new byte[] { 0, 4, 1, 2 }, buffer[..4]);
        Assert.Equal(client.LocalEndPoint, new IPEndPoint(IPAddress.Any, 0).Create(from));

        calls.SendTo([0, 3, 0, 1, 42], from);
        var reply = new byte[16];
        Assert.Equal(5, client.Receive(reply));
        Assert.Equal(42, reply[4]);
    }

    [Fact(Timeout = 10_000)]
    public void ReceiveFrom_WaitsOutTheSocketsReceiveTimeout_AsTimedOut()
    {
        using var server = Bound();
        server.ReceiveTimeout = 50;
        var error = Assert.Throws<SocketException>(() => new TransferSocket(server).ReceiveFrom(new byte[516], new SocketAddress(AddressFamily.InterNetwork)));
        Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public void ReceiveFrom_ADatagramLargerThanTheBuffer_IsMessageSize_NotAShortRead()
    {
        // An ACK opcode in front of 600 bytes: cut to the buffer, it would read as an ACK.
        using var server = Bound();
        using var client = Bound();
        var big = new byte[600];
        big[1] = 4;
        client.SendTo(big, server.LocalEndPoint!);
        var error = Assert.Throws<SocketException>(() => new TransferSocket(server).ReceiveFrom(new byte[516], new SocketAddress(AddressFamily.InterNetwork)));
        Assert.Equal(SocketError.MessageSize, error.SocketErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task Closing_TheSocket_EndsABlockedReceive_AtOnce()
    {
        var server = Bound();
        var calls = new TransferSocket(server);
        var started = new ManualResetEventSlim();
        var blocked = Task.Factory.StartNew(() =>
        {
            started.Set();
            try
            {
                calls.ReceiveFrom(new byte[516], new SocketAddress(AddressFamily.InterNetwork));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                // Closed under the call, as Socket reports it.
            }
            catch (ObjectDisposedException)
            {
                // A loaded machine may reach the call only after the close: ended all the same.
            }
        }, TaskCreationOptions.LongRunning);
        started.Wait(TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken); // into recvfrom
        var watch = Stopwatch.StartNew();
        server.Close();
        // Shut down under the call, the receive ends at once; a further call finds the socket closed.
        await blocked.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
        Assert.ThrowsAny<ObjectDisposedException>(() => calls.ReceiveFrom(new byte[516], new SocketAddress(AddressFamily.InterNetwork)));
    }
}
