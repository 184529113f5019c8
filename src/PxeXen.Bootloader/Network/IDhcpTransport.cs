namespace PxeXen.Bootloader.Network;

/// <summary>Where DHCP datagrams go out and come in: a UDP socket on port 68 in production, a fake in tests.</summary>
internal interface IDhcpTransport : IDisposable
{
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken);

    /// <summary>The next datagram, or null when <paramref name="timeout"/> passes first.</summary>
    ValueTask<byte[]?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
