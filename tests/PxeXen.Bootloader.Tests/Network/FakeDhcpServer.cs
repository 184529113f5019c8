using System.Net;
using System.Threading.Channels;
using PxeXen.Bootloader.Network;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Bootloader.Tests.Network;

/// <summary>An in-memory DHCP peer: records what the helper sends and answers through a script.</summary>
internal sealed class FakeDhcpServer : IDhcpTransport
{
    private readonly Channel<byte[]> _toClient = Channel.CreateUnbounded<byte[]>();
    private readonly Func<DhcpMessage, IEnumerable<byte[]>> _answer;

    public FakeDhcpServer(Func<DhcpMessage, IEnumerable<byte[]>> answer) => _answer = answer;

    public List<byte[]> Sent { get; } = [];

    public List<DhcpMessage> SentMessages => Sent.Select(b => { Assert.True(DhcpMessageReader.TryRead(b, out var m, out var e), e); return m; }).ToList();

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        var bytes = datagram.ToArray();
        Sent.Add(bytes);
        Assert.True(DhcpMessageReader.TryRead(bytes, out var message, out var error), error);
        foreach (var reply in _answer(message))
            _toClient.Writer.TryWrite(reply);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<byte[]?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
            return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await _toClient.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Inject(byte[] datagram) => _toClient.Writer.TryWrite(datagram);

    public void Dispose()
    {
    }

    /// <summary>A reply to <paramref name="request"/> of <paramref name="type"/> offering <paramref name="address"/>.</summary>
    public static DhcpMessage Reply(DhcpMessage request, DhcpMessageType type, string address, string server = "10.0.0.1",
        string? siaddr = "10.0.0.1", string bootFile = "pxelinux.0")
    {
        var reply = request.CreateReply(type);
        reply.YourAddress = IPAddress.Parse(address);
        if (siaddr is not null)
            reply.ServerAddress = IPAddress.Parse(siaddr);
        reply.BootFileName = bootFile;
        reply.Options.SetAddress(DhcpOptionCode.ServerIdentifier, IPAddress.Parse(server));
        reply.Options.SetAddress(DhcpOptionCode.SubnetMask, IPAddress.Parse("255.255.255.0"));
        reply.Options.SetAddresses(DhcpOptionCode.Router, [IPAddress.Parse("10.0.0.254")]);
        return reply;
    }

    /// <summary>A plain server: OFFER for DISCOVER, ACK for REQUEST.</summary>
    public static IEnumerable<byte[]> Standard(DhcpMessage request, string address = "10.0.0.2", string server = "10.0.0.1", string? siaddr = "10.0.0.1")
    {
        var type = request.MessageType == DhcpMessageType.Discover ? DhcpMessageType.Offer : DhcpMessageType.Ack;
        yield return DhcpMessageWriter.Write(Reply(request, type, address, server, siaddr));
    }
}
