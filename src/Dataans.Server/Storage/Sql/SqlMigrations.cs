using DbUp.Builder;
using DbUp.Engine;

namespace Dataans.Server.Storage.Sql;

/// <summary>Runs a backend's numbered migration scripts (embedded from <c>Storage/&lt;backend&gt;/Migrations</c>), one transaction per script.</summary>
internal static class SqlMigrations
{
    public static DatabaseUpgradeResult Run(UpgradeEngineBuilder database, string backendFolder) =>
        database
            .WithScriptsEmbeddedInAssembly(typeof(SqlMigrations).Assembly,
                name => name.Contains($".Storage.{backendFolder}.Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
}
