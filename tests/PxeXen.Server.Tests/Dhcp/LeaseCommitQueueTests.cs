using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PxeXen.Inventory.Leases;
using PxeXen.Protocol.Dhcp;
using PxeXen.Server.Dhcp;

namespace PxeXen.Server.Tests.Dhcp;

public sealed class LeaseCommitQueueTests
{
    /// <param name="interval">Dhcp:MinCommitIntervalMilliseconds; 0 (back to back) unless a test is about the interval.</param>
    private static (LeaseCommitQueue Queue, MemoryLeaseStore Store, ResponderRig Rig) Create(int interval = 0)
    {
        var rig = new ResponderRig(settings => settings.MinCommitIntervalMilliseconds = interval);
        var store = new MemoryLeaseStore();
        var queue = new LeaseCommitQueue(store, rig.Pool, rig.Runtime, rig.Clock, NullLogger<LeaseCommitQueue>.Instance);
        return (queue, store, rig);
    }

    private static async Task<PendingCommit> AckFor(ResponderRig rig, string mac, IRecordingSender sender)
    {
        var offer = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, mac))).Reply!;
        var request = ResponderRig.Request(DhcpMessageType.Request, mac, m =>
        {
            m.Options.SetAddress(DhcpOptionCode.RequestedAddress, offer.YourAddress);
            m.Options.SetAddress(DhcpOptionCode.ServerIdentifier, ResponderRig.Server);
        });
        var response = await rig.SendAsync(TestContext.Current.CancellationToken, request);
        return new PendingCommit(response.Change!.Value, request, response.Reply, response.RefusedReply, rig.Arrival, sender);
    }

    internal interface IRecordingSender : IReplySender;

    private sealed class Sender : IRecordingSender
    {
        public List<DhcpMessage> Sent { get; } = [];
        public void Send(DhcpMessage request, DhcpMessage reply, DhcpArrival arrival) { lock (Sent) Sent.Add(reply); }
    }

    [Fact(Timeout = 20_000)]
    public async Task Acks_LeaveOnlyAfterTheirBatchCommits_AndBatchesGroup()
    {
        var (queue, store, rig) = Create();
        var sender = new Sender();
        var gate = new TaskCompletionSource();
        var seenBeforeCommit = -1;
        store.BeforeCommit = async () => { if (seenBeforeCommit < 0) seenBeforeCommit = sender.Sent.Count; await gate.Task; };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var loop = queue.RunAsync(stop.Token);

        queue.Enqueue(await AckFor(rig, "aa:00:00:00:00:01", sender), stop.Token);
        await Task.Delay(100, stop.Token);
        for (var i = 2; i <= 9; i++)
            queue.Enqueue(await AckFor(rig, $"aa:00:00:00:00:0{i}", sender), stop.Token);
        Assert.Empty(sender.Sent); // first commit still "fsyncing"
        gate.SetResult();
        while (sender.Sent.Count < 9)
            await Task.Delay(10, stop.Token);

        Assert.Equal(0, seenBeforeCommit);
        Assert.Equal([1, 8], store.BatchSizes); // the 8 that queued during the first commit went together
        Assert.All(sender.Sent, m => Assert.Equal(DhcpMessageType.Ack, m.MessageType));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact(Timeout = 20_000)]
    public async Task UnderLoad_CommitsWaitOutTheInterval_AndShareOneFsync()
    {
        var (queue, store, rig) = Create(interval: 10);
        var sender = new Sender();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var loop = queue.RunAsync(stop.Token);

        // Idle: the first request commits at once (no clock advance needed).
        queue.Enqueue(await AckFor(rig, "aa:00:00:00:00:01", sender), stop.Token);
        while (sender.Sent.Count < 1)
            await Task.Delay(10, stop.Token);

        // Right after a commit began, the next requests wait for the interval, then go in one batch.
        for (var i = 2; i <= 6; i++)
            queue.Enqueue(await AckFor(rig, $"aa:00:00:00:00:0{i}", sender), stop.Token);
        await Task.Delay(200, stop.Token);
        Assert.Single(sender.Sent);
        rig.Clock.Advance(TimeSpan.FromMilliseconds(10));
        while (sender.Sent.Count < 6)
            await Task.Delay(10, stop.Token);
        Assert.Equal([1, 5], store.BatchSizes);

        // After a quiet spell longer than the interval, a request commits at once again.
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        queue.Enqueue(await AckFor(rig, "aa:00:00:00:00:07", sender), stop.Token);
        while (sender.Sent.Count < 7)
            await Task.Delay(10, stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact(Timeout = 20_000)]
    public async Task StoreFailure_SendsNoAckAndFreesTheAddress()
    {
        var (queue, store, rig) = Create();
        var sender = new Sender();
        store.Fail = true;
        var committed = new TaskCompletionSource();
        queue.Committed = _ => committed.TrySetResult();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var loop = queue.RunAsync(stop.Token);
        var item = await AckFor(rig, "aa:00:00:00:00:01", sender);
        queue.Enqueue(item, stop.Token);

        var address = Ipv4.ToUInt32(item.Change.Lease.Address);
        while (rig.Pool.HolderOf(address, rig.Clock.GetUtcNow()) is not null)
            await Task.Delay(10, stop.Token);

        Assert.Empty(sender.Sent);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact(Timeout = 20_000)]
    public async Task RefusedClaim_SendsNakAndMarksTheAddressTaken()
    {
        var (queue, store, rig) = Create();
        var sender = new Sender();
        var item = await AckFor(rig, "aa:00:00:00:00:01", sender);
        // Another server already holds the address in the shared store.
        await store.CommitAsync([new LeaseChange(LeaseChangeKind.Bind, item.Change.Lease with { Mac = "bb:00:00:00:00:01" })], rig.Clock.GetUtcNow(), TestContext.Current.CancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var loop = queue.RunAsync(stop.Token);

        queue.Enqueue(item, stop.Token);
        while (sender.Sent.Count == 0)
            await Task.Delay(10, stop.Token);

        Assert.Equal(DhcpMessageType.Nak, Assert.Single(sender.Sent).MessageType);
        Assert.Equal("", rig.Pool.HolderOf(Ipv4.ToUInt32(item.Change.Lease.Address), rig.Clock.GetUtcNow()));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        _ = IPAddress.Any;
    }
}
