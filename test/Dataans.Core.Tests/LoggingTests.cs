using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Dataans.Core.Tests;

/// <summary>Core logs what happened (ids and counts), never what the notes say or where they are.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TestDataDirectory _source = new();
    private readonly TestDataDirectory _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task OpenAsync_NewDatabase_LogsTheMigrationsWithoutThePath()
    {
        var logger = new ListLogger();

        using var store = await DataansStore.OpenAsync(_target.Data, null, logger);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(1001, entry.Id.Id);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.DoesNotContain(_target.Path, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_LogsCountsButNoNoteTextOrSpaceName()
    {
        using var source = await _source.OpenStoreAsync();
        var space = await source.CreateSpaceAsync("Private plans");
        await source.CreateNoteAsync(space.Id, "the secret is 4711");
        var export = await JsonExporter.ExportAsync(source, Path.Combine(_source.Path, "out"), withFiles: false);
        var logger = new ListLogger();
        using var target = await DataansStore.OpenAsync(_target.Data, null, logger);

        await Importer.ImportAsync(target, export);

        var imported = Assert.Single(logger.Entries, entry => entry.Id.Id == 1010);
        Assert.Contains("1 spaces created", imported.Message, StringComparison.Ordinal);
        Assert.All(logger.Entries, entry =>
        {
            Assert.DoesNotContain("4711", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Private plans", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(_source.Path, entry.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Import_OfABrokenFile_LogsThatItWasRefusedWithoutItsContent()
    {
        var path = Path.Combine(_source.Path, "broken.json");
        await File.WriteAllTextAsync(path, "{ \"format\": \"dataans-export\", \"version\": 1, \"spaces\": [ { \"name\": \"Private plans\"");
        var logger = new ListLogger();
        using var target = await DataansStore.OpenAsync(_target.Data, null, logger);

        await Assert.ThrowsAsync<ImportException>(() => Importer.ImportAsync(target, path));

        var refused = Assert.Single(logger.Entries, entry => entry.Id.Id == 1011);
        Assert.DoesNotContain("Private plans", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Keeps every entry written to it.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
