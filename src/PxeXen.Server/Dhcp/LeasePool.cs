using System.Net;
using System.Runtime.CompilerServices;
using PxeXen.Inventory.Leases;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// Who holds which address, in memory: loaded from the store at start, changed by the responder,
/// confirmed by the group commit (the store stays the judge: a refused claim is undone here).
/// One lock; every operation is a few dictionary lookups.
/// </summary>
internal sealed class LeasePool
{
    private enum SlotState { Offered, Bound, Released, Declined }

    private sealed class Slot(string mac, SlotState state, DateTimeOffset expires)
    {
        public string Mac = mac;
        public SlotState State = state;
        public DateTimeOffset Expires = expires;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<uint, Slot> _slots = [];
    private readonly Dictionary<string, uint> _byMac = new(StringComparer.Ordinal);
    private HashSet<uint> _reserved = [];

    public int Count { get { lock (_gate) return _slots.Count; } }

    public void Load(IEnumerable<Lease> leases)
    {
        lock (_gate)
            foreach (var lease in leases)
            {
                var address = Ipv4.ToUInt32(lease.Address);
                var state = lease.State switch { LeaseState.Declined => SlotState.Declined, LeaseState.Released => SlotState.Released, _ => SlotState.Bound };
                _slots[address] = new Slot(lease.Mac, state, lease.Expires);
                if (state == SlotState.Bound)
                    _byMac[lease.Mac] = address;
            }
    }

    /// <summary>Fixed addresses of registered machines: never handed to anyone else from a pool.</summary>
    public void SetReservations(IEnumerable<uint> addresses)
    {
        var set = addresses.ToHashSet();
        lock (_gate)
            _reserved = set;
    }

    /// <summary>
    /// The address for a client in <paramref name="subnet"/>: its fixed address, else the one it
    /// holds or was offered, else the one it asks for when free, else the next free pool address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    public uint? Choose(DhcpSubnet subnet, string mac, uint? fixedAddress, uint? requested, bool registered, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (fixedAddress is { } f && subnet.Contains(f) && IsFreeFor(f, mac, now))
                return f;
            if (_byMac.TryGetValue(mac, out var held) && subnet.Contains(held) && IsFreeFor(held, mac, now) && !IsReservedForOther(held, fixedAddress))
                return held;
            if (requested is { } r && subnet.Contains(r) && InAllowedPool(subnet, r, registered) && IsFreeFor(r, mac, now) && !IsReservedForOther(r, fixedAddress))
                return r;
            foreach (var range in subnet.Ranges)
            {
                if (range.RegisteredOnly && !registered)
                    continue;
                var candidate = range.Cursor;
                for (long i = 0; i < range.Size; i++)
                {
                    if (IsFreeFor(candidate, mac, now) && !_reserved.Contains(candidate))
                    {
                        range.Cursor = candidate == range.End ? range.Start : candidate + 1;
                        return candidate;
                    }
                    candidate = candidate == range.End ? range.Start : candidate + 1;
                }
            }
            return null;
        }
    }

    /// <summary>Holds <paramref name="address"/> for the client until it requests it (or not).</summary>
    public void Offer(uint address, string mac, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(address, out var slot) && slot.Mac == mac && slot.State == SlotState.Bound && slot.Expires > until)
                return; // a renewal's offer must not shorten the lease it already has
            Claim(address, mac, SlotState.Offered, until);
        }
    }

    /// <summary>Binds in memory ahead of the commit; false when another MAC holds the address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    public bool TryBind(uint address, string mac, DateTimeOffset expires, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!IsFreeFor(address, mac, now))
                return false;
            Claim(address, mac, SlotState.Bound, expires);
            return true;
        }
    }

    /// <summary>Undoes a bind the store refused or could not write.</summary>
    public void Forget(uint address, string mac)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(address, out var slot) && slot.Mac == mac)
                _slots.Remove(address);
            if (_byMac.TryGetValue(mac, out var held) && held == address)
                _byMac.Remove(mac);
        }
    }

    /// <summary>Marks an address another server claimed (seen when the shared store refused ours).</summary>
    public void MarkForeign(uint address, DateTimeOffset until)
    {
        lock (_gate)
            _slots[address] = new Slot("", SlotState.Bound, until);
    }

    public bool Release(uint address, string mac)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(address, out var slot) || slot.Mac != mac || slot.State != SlotState.Bound)
                return false;
            slot.State = SlotState.Released;
            _byMac.Remove(mac);
            return true;
        }
    }

    public bool Decline(uint address, string mac, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(address, out var slot) || slot.Mac != mac || slot.State is SlotState.Released or SlotState.Declined)
                return false;
            slot.State = SlotState.Declined;
            slot.Expires = until;
            _byMac.Remove(mac);
            return true;
        }
    }

    /// <summary>The MAC with a live binding or offer on the address, or null.</summary>
    public string? HolderOf(uint address, DateTimeOffset now)
    {
        lock (_gate)
            return _slots.TryGetValue(address, out var slot) && slot.State is SlotState.Bound or SlotState.Offered && slot.Expires >= now ? slot.Mac : null;
    }

    /// <summary>The address bound (not merely offered) to the MAC, or null.</summary>
    public uint? BoundAddressOf(string mac, DateTimeOffset now)
    {
        lock (_gate)
            return _byMac.TryGetValue(mac, out var a) && _slots.TryGetValue(a, out var slot) && slot.State == SlotState.Bound && slot.Expires >= now ? a : null;
    }

    public bool IsBoundTo(uint address, string mac, DateTimeOffset now)
    {
        lock (_gate)
            return _slots.TryGetValue(address, out var slot) && slot.Mac == mac && slot.State == SlotState.Bound && slot.Expires >= now;
    }

    private void Claim(uint address, string mac, SlotState state, DateTimeOffset expires)
    {
        if (_byMac.TryGetValue(mac, out var previous) && previous != address
            && _slots.TryGetValue(previous, out var old) && old.Mac == mac && old.State is SlotState.Offered or SlotState.Bound)
            _slots.Remove(previous);
        if (_slots.TryGetValue(address, out var slot))
        {
            slot.Mac = mac;
            slot.State = state;
            slot.Expires = expires;
        }
        else
        {
            _slots[address] = new Slot(mac, state, expires);
        }
        _byMac[mac] = address;
    }

    private bool IsFreeFor(uint address, string mac, DateTimeOffset now)
    {
        if (!_slots.TryGetValue(address, out var slot))
            return true;
        return slot.State switch
        {
            SlotState.Released => true,
            SlotState.Declined => slot.Expires < now,
            _ => slot.Mac == mac || slot.Expires < now,
        };
    }

    private bool IsReservedForOther(uint address, uint? fixedAddress) => _reserved.Contains(address) && fixedAddress != address;

    private static bool InAllowedPool(DhcpSubnet subnet, uint address, bool registered) =>
        subnet.Ranges.Any(r => r.Contains(address) && (registered || !r.RegisteredOnly));

    public static IPAddress Address(uint value) => Ipv4.ToAddress(value);
}
