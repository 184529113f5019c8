using PxeXen.Inventory.Leases;
using PxeXen.Inventory.Tests.Postgres;

namespace PxeXen.Inventory.Tests.Leases;

/// <summary>
/// Against the PostgreSQL that .ci/setup.d/postgres.sh starts (or PXEXEN_TEST_POSTGRES); each
/// test gets its own schema. Skipped, saying why, when the server does not answer.
/// </summary>
public sealed class PostgresLeaseStoreTests : LeaseStoreContract, IAsyncDisposable
{
    private readonly List<PostgresLeaseStore> _stores = [];
    private PostgresTestSchema? _schema;

    protected override async Task<ILeaseStore> CreateStoreAsync()
    {
        _schema ??= await PostgresTestSchema.CreateAsync("leases", TestContext.Current.CancellationToken);
        var store = new PostgresLeaseStore(_schema.ConnectionString);
        _stores.Add(store);
        await store.InitializeAsync(default);
        return store;
    }

    protected override Task<ILeaseStore> SecondStoreOnSameDatabaseAsync(ILeaseStore first) => CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
        if (_schema is not null)
            await _schema.DisposeAsync();
    }
}
