using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Leases;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Dhcp;
using PxeXen.Server.Dhcp;

namespace PxeXen.Server.Tests.Dhcp;

internal sealed class FakeMachines : IMachineDirectory
{
    public Dictionary<string, Machine> ByMac { get; } = [];

    public void Add(Machine machine)
    {
        foreach (var mac in machine.Macs)
            ByMac[mac] = machine;
    }

    public ValueTask<Machine?> FindByMacAsync(string mac, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ByMac.GetValueOrDefault(mac));
}

internal sealed class RecordingEvents : IBootEventSink
{
    public List<(string Mac, string Stage, string? Detail)> Events { get; } = [];

    public void Record(string mac, string stage, string? detail)
    {
        lock (Events)
            Events.Add((mac, stage, detail));
    }
}

internal sealed class RecordingSender : IReplySender
{
    public List<DhcpMessage> Sent { get; } = [];

    public void Send(DhcpMessage request, DhcpMessage reply, DhcpArrival arrival)
    {
        lock (Sent)
            Sent.Add(reply);
    }
}

/// <summary>A responder with an in-memory pool, fake machines and a fake clock: no sockets, no database.</summary>
internal sealed class ResponderRig
{
    public static readonly IPAddress Server = IPAddress.Parse("10.0.0.1");

    public FakeMachines Machines { get; } = new();
    public RecordingEvents Events { get; } = new();
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    public LeasePool Pool { get; } = new();
    public DhcpRuntime Runtime { get; }
    public DhcpResponder Responder { get; }
    public DhcpArrival Arrival { get; } = new("eth0", Server, 67, new IPEndPoint(IPAddress.Any, 68));

    public ResponderRig(Action<DhcpSettings>? configure = null)
    {
        var settings = new DhcpSettings
        {
            Mode = DhcpMode.Authoritative,
            Subnets =
            [
                new DhcpSubnetSettings
                {
                    Network = "10.0.0.0/24", Router = "10.0.0.1", DnsServers = ["10.0.0.53"], DomainName = "lab",
                    Pools = [new DhcpPoolSettings { Start = "10.0.0.100", End = "10.0.0.109" }, new DhcpPoolSettings { Start = "10.0.0.200", End = "10.0.0.201", RegisteredOnly = true }],
                },
                new DhcpSubnetSettings { Network = "10.9.0.0/24", Pools = [new DhcpPoolSettings { Start = "10.9.0.10", End = "10.9.0.20" }] },
            ],
        };
        settings.Boot.UnknownMacs = PxeXen.Boot.Dhcp.UnknownMacPolicy.LocalBoot;
        configure?.Invoke(settings);
        Runtime = new DhcpRuntime(Options.Create(settings));
        Responder = new DhcpResponder(Runtime, Pool, Machines, Events, Clock, NullLogger<DhcpResponder>.Instance);
    }

#pragma warning disable CA1068 // the token first reads better at the many call sites
    public Task<DhcpResponse> SendAsync(CancellationToken cancellationToken, DhcpMessage request, DhcpArrival? arrival = null) =>
        Responder.RespondAsync(request, arrival ?? Arrival, cancellationToken).AsTask();
#pragma warning restore CA1068

    public static DhcpMessage Request(DhcpMessageType type, string mac, Action<DhcpMessage>? configure = null)
    {
        var m = new DhcpMessage { TransactionId = (uint)Random.Shared.Next(), Broadcast = true };
        Assert.True(MacAddress.TryParse(mac, out var bytes));
        m.SetClientMac(bytes);
        m.Options.MessageType = type;
        configure?.Invoke(m);
        return m;
    }
}

/// <summary>An in-memory lease store with the same refusal rules as the SQL ones, counting commits.</summary>
internal sealed class MemoryLeaseStore : ILeaseStore
{
    private readonly Dictionary<string, Lease> _byAddress = [];
    public List<int> BatchSizes { get; } = [];
    public Func<Task>? BeforeCommit { get; set; }
    public bool Fail { get; set; }

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task RunMaintenanceAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<bool[]> CommitAsync(IReadOnlyList<LeaseChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (BeforeCommit is not null)
            await BeforeCommit();
        if (Fail)
            throw new InvalidOperationException("disk on fire");
        lock (_byAddress)
        {
            BatchSizes.Add(changes.Count);
            var results = new bool[changes.Count];
            for (var i = 0; i < changes.Count; i++)
            {
                var (kind, lease, _) = changes[i];
                var key = lease.Address.ToString();
                _byAddress.TryGetValue(key, out var old);
                results[i] = kind switch
                {
                    LeaseChangeKind.Bind => old is null || old.State == LeaseState.Released || old.Expires < now || (old.Mac == lease.Mac && old.State == LeaseState.Active),
                    _ => old is not null && old.Mac == lease.Mac && old.State == LeaseState.Active,
                };
                if (results[i])
                    _byAddress[key] = lease with { State = kind switch { LeaseChangeKind.Release => LeaseState.Released, LeaseChangeKind.Decline => LeaseState.Declined, _ => LeaseState.Active } };
            }
            return results;
        }
    }

    public ValueTask<IReadOnlyList<Lease>> ListAsync(string? mac, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        lock (_byAddress)
            return ValueTask.FromResult<IReadOnlyList<Lease>>(_byAddress.Values.Where(l => mac is null || l.Mac == mac).ToList());
    }
}
