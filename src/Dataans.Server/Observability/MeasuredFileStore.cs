using Dataans.Server.Storage;

namespace Dataans.Server.Observability;

/// <summary>The configured file store, with its calls timed.</summary>
internal sealed class MeasuredFileStore(IFileStore inner, SyncMetrics metrics) : IFileStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => inner.IsReadyAsync(cancellationToken);

    public async Task<FileState?> GetStateAsync(string user, Guid id, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("file.state");
        return await inner.GetStateAsync(user, id, cancellationToken);
    }

    public async Task<FileState> AppendAsync(string user, Guid id, long offset, Stream body, long maxLength, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("file.upload");
        return await inner.AppendAsync(user, id, offset, body, maxLength, cancellationToken);
    }

    public async Task<FileState?> CompleteAsync(string user, Guid id, long length, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("file.complete");
        return await inner.CompleteAsync(user, id, length, cancellationToken);
    }

    public async Task PutAsync(string user, Guid id, Stream body, long maxLength, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("file.upload");
        await inner.PutAsync(user, id, body, maxLength, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string user, Guid id, long offset, long count, CancellationToken cancellationToken = default)
    {
        using var timer = metrics.Time("file.open");
        return await inner.OpenReadAsync(user, id, offset, count, cancellationToken);
    }

    public Task<int> DeleteUserAsync(string user, CancellationToken cancellationToken = default) => inner.DeleteUserAsync(user, cancellationToken);
}
