using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PxeXen.Inventory.Store.Sql;

/// <summary>
/// <see cref="IInventoryStore"/> over ADO.NET: the same SQL on SQLite and PostgreSQL, the
/// differences in <see cref="SqlDialect"/>. One connection per call (both providers pool them).
/// </summary>
public sealed partial class SqlInventoryStore : IInventoryStore, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqlDialect _dialect;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private volatile bool _initialized;
    private long _revision;

    public SqlInventoryStore(SqlDialect dialect, ILogger<SqlInventoryStore>? logger = null)
    {
        _dialect = dialect;
        _logger = logger ?? NullLogger<SqlInventoryStore>.Instance;
    }

    public SqlDialect Dialect => _dialect;

    public long Revision => Interlocked.Read(ref _revision);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
            return;
        await _initializeLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
                return;
            await _dialect.PrepareAsync(cancellationToken);
            await using var connection = _dialect.CreateConnection();
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
            await _dialect.LockSchemaAsync(connection, transaction, cancellationToken);
            await ExecuteAsync(connection, transaction, SchemaMigrations.VersionTable, cancellationToken);
            var version = await ScalarAsync(connection, transaction,
                "SELECT version FROM schema_versions WHERE component = @c", cancellationToken, ("c", SchemaMigrations.Component));
            var current = version is null or DBNull ? 0 : Convert.ToInt32(version);
            if (current > SchemaMigrations.Latest)
                throw new InvalidOperationException(
                    $"{_dialect.Description}: inventory schema version {current} is newer than this PxeXen knows ({SchemaMigrations.Latest}); upgrade PxeXen");
            for (var v = current; v < SchemaMigrations.Latest; v++)
                foreach (var statement in SchemaMigrations.Versions[v])
                    await ExecuteAsync(connection, transaction, statement.Replace("{id}", _dialect.IdentityColumn), cancellationToken);
            if (current < SchemaMigrations.Latest)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO schema_versions (component, version) VALUES (@c, @v) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                    cancellationToken, ("c", SchemaMigrations.Component), ("v", SchemaMigrations.Latest));
                StoreLog.SchemaUpgraded(_logger, _dialect.Description, current, SchemaMigrations.Latest);
            }
            await transaction.CommitAsync(cancellationToken);
            StoreLog.Opened(_logger, _dialect.Description, SchemaMigrations.Latest);
            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
            await InitializeAsync(cancellationToken);
        var connection = _dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction; commits only when it returns Ok.
    /// A constraint the checks did not catch (another server raced us) becomes a conflict.
    /// </summary>
    private async Task<StoreResult> WriteAsync(Func<DbConnection, DbTransaction, Task<StoreResult>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
        try
        {
            var result = await work(connection, transaction);
            if (result.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
                Interlocked.Increment(ref _revision);
            }
            else
                await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e) || _dialect.IsForeignKeyViolation(e))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return _dialect.IsUniqueViolation(e)
                ? StoreResult.Conflict($"already exists ({e.Message})")
                : StoreResult.Conflict($"refers to or is used by another record ({e.Message})");
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            // With its prefix the name binds in one lookup; without it Microsoft.Data.Sqlite retries
            // "@name", "$name", ":name" on every execution (a third of an event write's cost).
            parameter.ParameterName = name.StartsWith('@') ? name : "@" + name;
            parameter.Value = value ?? DBNull.Value;
            // Typed even when null, so PostgreSQL never has to guess ("could not determine data type").
            parameter.DbType = value switch
            {
                long => System.Data.DbType.Int64,
                int => System.Data.DbType.Int32,
                _ => System.Data.DbType.String,
            };
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        await ScalarAsync(connection, transaction, sql, cancellationToken, parameters) is not (null or DBNull);

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long Int64(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal));

    public void Dispose()
    {
        _initializeLock.Dispose();
        (_dialect as IDisposable)?.Dispose();
    }
}
