namespace PxeXen.Protocol.Dhcp;

/// <summary>Option 94 (RFC 4578 §2.2): interface type (1 = UNDI) and its version.</summary>
public readonly record struct ClientNdi(byte Type, byte Major, byte Minor);
