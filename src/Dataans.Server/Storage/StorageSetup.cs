using Dataans.Server.Configuration;
using Dataans.Server.Storage.Files;
using Dataans.Server.Storage.Postgres;
using Dataans.Server.Storage.S3;
using Dataans.Server.Storage.Sql;
using Dataans.Server.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Storage;

/// <summary>Registers the configured backends; the choice is made when first resolved, after all configuration is in.</summary>
internal static class StorageSetup
{
    public static IServiceCollection AddSyncStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<PostgresDatabase>();
        services.TryAddSingleton<IOperationStore>(sp => UsesPostgres(sp)
            ? ActivatorUtilities.CreateInstance<PostgresOperationStore>(sp)
            : ActivatorUtilities.CreateInstance<SqliteOperationStore>(sp));
        services.TryAddSingleton<ISqlDatabase>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresDatabase>()
            : sp.GetRequiredService<SqliteDatabase>());
        services.TryAddSingleton<ITokenStore, SqlTokenStore>();
        services.TryAddSingleton<IFileStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesS3
            ? ActivatorUtilities.CreateInstance<S3FileStore>(sp)
            : ActivatorUtilities.CreateInstance<FolderFileStore>(sp));
        return services;
    }

    private static bool UsesPostgres(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres;
}
