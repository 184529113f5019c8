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

    /// <summary>A transfer's socket: bound, and connected to <paramref name="client"/>.</summary>
    private static Socket ConnectedTo(Socket client)
    {
        var socket = Bound();
        socket.Connect(client.LocalEndPoint!);
        return socket;
    }

    [Fact(Timeout = 10_000)]
    public void Receive_GivesTheClientsDatagram_AndSendReachesTheClient()
    {
        using var client = Bound();
        using var server = ConnectedTo(client);
        var calls = new TransferSocket(server);
        client.SendTo([0, 4, 1, 2], server.LocalEndPoint!);
        var buffer = new byte[516];
        Assert.Equal(4, calls.Receive(buffer));
        Assert.Equal(new byte[] { 0, 4, 1, 2 }, buffer[..4]);

        calls.Send([0, 3, 0, 1, 42]);
        var reply = new byte[16];
        Assert.Equal(5, client.Receive(reply));
        Assert.Equal(42, reply[4]);
    }

    [Fact(Timeout = 10_000)]
    public void Receive_NeverSeesAnotherEndpointsDatagram()
    {
        using var client = Bound();
        using var stranger = Bound();
        using var server = ConnectedTo(client);
        server.ReceiveTimeout = 200;
        stranger.SendTo([0, 4, 0, 9], server.LocalEndPoint!);
        client.SendTo([0, 4, 0, 1], server.LocalEndPoint!);
        var buffer = new byte[516];
        Assert.Equal(4, new TransferSocket(server).Receive(buffer));
        Assert.Equal(1, buffer[3]); // the client's ACK 1, not the stranger's ACK 9
    }

    [Fact(Timeout = 10_000)]
    public void Receive_AfterTheClientsPortClosed_IsConnectionRefused()
    {
        var client = Bound();
        using var server = ConnectedTo(client);
        server.ReceiveTimeout = 2000;
        client.Dispose();
        var calls = new TransferSocket(server);
        calls.Send([0, 3, 0, 1]); // answered by ICMP port unreachable
        var error = Assert.Throws<SocketException>(() => calls.Receive(new byte[516]));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public void Receive_WaitsOutTheSocketsReceiveTimeout_AsTimedOut()
    {
        using var client = Bound();
        using var server = ConnectedTo(client);
        server.ReceiveTimeout = 50;
        var error = Assert.Throws<SocketException>(() => new TransferSocket(server).Receive(new byte[516]));
        Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public void Receive_ADatagramLargerThanTheBuffer_IsMessageSize_NotAShortRead()
    {
        // An ACK opcode in front of 600 bytes: cut to the buffer, it would read as an ACK.
        using var client = Bound();
        using var server = ConnectedTo(client);
        var big = new byte[600];
        big[1] = 4;
        client.SendTo(big, server.LocalEndPoint!);
        var error = Assert.Throws<SocketException>(() => new TransferSocket(server).Receive(new byte[516]));
        Assert.Equal(SocketError.MessageSize, error.SocketErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task Closing_TheSocket_EndsABlockedReceive_AtOnce()
    {
        using var client = Bound();
        var server = ConnectedTo(client);
        var calls = new TransferSocket(server);
        var started = new ManualResetEventSlim();
        var blocked = Task.Factory.StartNew(() =>
        {
            started.Set();
            try
            {
                calls.Receive(new byte[516]);
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
        Assert.ThrowsAny<ObjectDisposedException>(() => calls.Receive(new byte[516]));
    }
}
