using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

internal sealed partial class SyncHttpClient
{
    public Task<List<byte[]>> GetV1BlocksAsync(int itemsPerBlock, CancellationToken cancellationToken = default) =>
        GetJsonAsync($"data/block?items_per_block={itemsPerBlock}", V1JsonContext.Default.ListByteArray, cancellationToken);

    /// <summary>
    /// Every operation after <paramref name="skip"/>, in one answer as v1 defines it, handed over one at a time as it
    /// arrives (never held whole), up to <see cref="MaxV1OperationListBytes"/>.
    /// </summary>
    public async IAsyncEnumerable<V1Operation> GetV1OperationsAsync(long skip, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"data/operation?operations_to_skip={skip}");
        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        await EnsureSuccessAsync(response, cancellationToken);
        await foreach (var operation in ReadJsonArrayStreamedAsync(response, V1JsonContext.Default.V1Operation, MaxV1OperationListBytes, cancellationToken))
        {
            yield return operation;
        }
    }

    public async Task PostV1OperationsAsync(List<V1Operation> operations, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "data/operation")
        {
            Content = JsonContent.Create(operations, V1JsonContext.Default.ListV1Operation),
        };
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }
}
