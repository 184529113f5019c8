namespace PxeXen.Protocol.Dhcp;

/// <summary>One option as it appeared on the wire; split instances (RFC 3396) already joined.</summary>
public readonly record struct DhcpOption(byte Code, ReadOnlyMemory<byte> Data);
