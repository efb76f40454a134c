using System.Data.Common;

namespace Dataans.Server.Storage.Sql;

/// <summary>A SQL database the shared stores run on: connections from its pool and its migrations. Thread-safe.</summary>
internal interface ISqlDatabase
{
    /// <summary>Runs the backend's migrations once per process.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>An open connection; the caller disposes it.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
