using System.Text.Json;
using System.Threading.Channels;
using Dataans.Core.Diagnostics;
using Dataans.Core.Inbox;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataans.Core.Sync;

/// <summary>
/// Synchronizes the local store with the sync server: operations (pull after the saved cursor,
/// apply each page with the cursor in one transaction, push the outbox) and, concurrently, files
/// (fed with the ids of newly applied CreateFile operations, as the seed does). One run at a time;
/// callers that ask while a run is going wait for it. Thread-safe.
/// </summary>
public sealed partial class SyncEngine : IDisposable
{
    internal const int PullPageSize = 500;
    internal const int PushBatchSize = 200;
    internal const int ItemsPerBlock = 16;

    /// <summary>
    /// A pull of at least this many operations (and at least as many as the store already holds) builds
    /// the search index once at the end instead of note by note (<c>SearchIndexDeferral</c>).
    /// </summary>
    internal int BulkIndexFromOps { get; init; } = 5_000;

    private readonly DataansStore _store;
    private readonly ProfileStore _profiles;
    private readonly Func<UserProfile, SyncHttpClient> _clientFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _single = new(1, 1);
    private readonly CredentialRenewal _renewal;

    /// <summary>Built by <c>AddDataansCore</c> (tests pass their own profile store and clients).</summary>
    internal SyncEngine(
        DataansStore store,
        ProfileStore profiles,
        Func<UserProfile, SyncHttpClient>? clientFactory = null,
        TimeProvider? time = null,
        ILogger<SyncEngine>? logger = null)
    {
        _store = store;
        _profiles = profiles;
        _clientFactory = clientFactory ?? (profile => new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SyncEngine>.Instance;
        _renewal = new CredentialRenewal(profiles, _time);
    }

    /// <summary>Raised during a run (from the sync's thread).</summary>
    public event Action<SyncProgress>? ProgressChanged;

    /// <summary>Raised after every run, successful or not.</summary>
    public event Action<SyncResult>? Completed;

    /// <summary>True while a run is going.</summary>
    public bool IsRunning => _single.CurrentCount == 0;

    /// <summary>Releases the run lock.</summary>
    public void Dispose() => _single.Dispose();

    /// <summary>
    /// Runs one sync. Never throws for sync failures: they are in the result. An OpenID Connect access
    /// token is renewed silently before it expires and once after the server refuses it; a refused
    /// credential that cannot be renewed marks the profile "sign in again" (<see cref="SyncResult.SignInRequired"/>).
    /// </summary>
    public async Task<SyncResult> SyncAsync(SyncOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SyncOptions();
        await _single.WaitAsync(cancellationToken);
        var started = _time.GetTimestamp();
        var counters = new SyncCounters();
        UserProfile? used = null;
        SyncResult result;
        try
        {
            var profile = used = await _profiles.LoadAsync(cancellationToken)
                ?? throw new SyncException(SyncFailure.NotSignedIn, "This device is not signed in to a sync server: run 'dataans sync login' first.");
            profile = used = await _renewal.RenewIfDueAsync(profile, cancellationToken);
            try
            {
                profile = await RunWithClientAsync(profile, options, counters, cancellationToken);
            }
            catch (SyncException exception) when (exception.Failure == SyncFailure.Unauthorized && CredentialRenewal.CanRenew(profile))
            {
                profile = used = await _renewal.RenewAsync(profile, cancellationToken);
                profile = await RunWithClientAsync(profile, options, counters, cancellationToken);
            }

            if (profile.SignInRequired)
            {
                // The credential works again (e.g. the operator fixed the server): clear the mark.
                await _profiles.SaveAsync(profile with { SignInRequired = false }, cancellationToken);
            }

            result = counters.ToResult(true, null, _time.GetElapsedTime(started), _time.GetUtcNow());
            Log.SyncFinished(_logger, (long)result.Elapsed.TotalMilliseconds, result.Pulled, result.Pushed, result.FilesUploaded + result.FilesDownloaded, result.Requests);
            if (result.Success)
            {
                result = result with { Message = result.Summary() }; // a file error keeps its sentence
            }
        }
        catch (SyncException exception) when (exception.Failure == SyncFailure.Unauthorized)
        {
            if (used is not null)
            {
                await _renewal.MarkSignInRequiredAsync(used, cancellationToken);
            }

            result = counters.ToResult(false, CredentialRenewal.SignInAgainMessage, _time.GetElapsedTime(started), _time.GetUtcNow()) with { SignInRequired = true };
            Log.SyncFailed(_logger, (long)result.Elapsed.TotalMilliseconds, "SignInRequired");
        }
        catch (SyncException exception)
        {
            result = counters.ToResult(false, exception.Message, _time.GetElapsedTime(started), _time.GetUtcNow()) with { Offline = exception.Failure == SyncFailure.Unreachable };
            Log.SyncFailed(_logger, (long)result.Elapsed.TotalMilliseconds, exception.Failure.ToString());
        }
        catch (ProfileCorruptException exception)
        {
            result = counters.ToResult(false, exception.Message, _time.GetElapsedTime(started), _time.GetUtcNow());
            Log.SyncFailed(_logger, (long)result.Elapsed.TotalMilliseconds, "ProfileCorrupt");
        }
        finally
        {
            _single.Release();
        }

        await _store.SyncLedger.WriteLastResultAsync(JsonSerializer.Serialize(result, SyncJson.Default.SyncResult), CancellationToken.None);
        Completed?.Invoke(result);
        return result;
    }

    private async Task<UserProfile> RunWithClientAsync(UserProfile profile, SyncOptions options, SyncCounters counters, CancellationToken cancellationToken)
    {
        using var client = _clientFactory(profile);
        try
        {
            await RunAsync(profile, client, options, counters, cancellationToken);
            return profile;
        }
        finally
        {
            counters.Requests += client.Requests;
            counters.BytesOnWire += client.BytesOnWire;
        }
    }

    /// <summary>
    /// How many operations from the server, over every run, could not be read (wrong key, altered data or a
    /// writer's mistake) and were set aside without being applied.
    /// </summary>
    public async Task<int> CountSetAsideAsync(CancellationToken cancellationToken = default) =>
        (await _store.SyncLedger.ReadQuarantineAsync(cancellationToken)).Count;

    /// <summary>The last run's result, if any.</summary>
    public async Task<SyncResult?> GetLastResultAsync(CancellationToken cancellationToken = default)
    {
        var json = await _store.SyncLedger.ReadLastResultAsync(cancellationToken);
        try
        {
            return json is null ? null : JsonSerializer.Deserialize(json, SyncJson.Default.SyncResult);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task RunAsync(UserProfile profile, SyncHttpClient client, SyncOptions options, SyncCounters counters, CancellationToken cancellationToken)
    {
        var newFiles = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
        var files = new FileSync(_store, client, profile.SecretKey, counters, Report, _logger, originalFormat: options.Protocol == SyncProtocol.V1);
        using var stopFiles = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fileTask = files.RunAsync(newFiles.Reader, stopFiles.Token);
        var inbox = new InboxDelivery(_store, client, profile.SecretKey);
        try
        {
            if (options.Protocol == SyncProtocol.V1)
            {
                await SyncV1Async(profile, client, counters, newFiles.Writer, cancellationToken);
            }
            else
            {
                await SyncV2Async(profile, client, options, counters, newFiles.Writer, inbox, cancellationToken);
            }
        }
        finally
        {
            newFiles.Writer.TryComplete();
        }

        await fileTask;
        if (counters.FileError is null)
        {
            // The delivered captures' operations are pushed and their files uploaded: only now may the sealed items go.
            FaultInjection.Hit("inbox.before-delete");
            await inbox.DeleteDeliveredAsync(cancellationToken);
        }
    }

    private void Report(string stage, long done, long total) => ProgressChanged?.Invoke(new SyncProgress(stage, done, total));
}

/// <summary>Counters shared by the operation and file halves of a run.</summary>
internal sealed class SyncCounters
{
    private long _fileBytes;
    private int _filesUploaded;
    private int _filesDownloaded;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _filesAwaited = new();

    public int Pulled { get; set; }

    public int Pushed { get; set; }

    public int Quarantined { get; set; }

    public int InboxDelivered { get; set; }

    public int InboxUnopened { get; set; }

    public bool Repaired { get; set; }

    public VerifyReport? Verification { get; set; }

    public int Requests { get; set; }

    public long BytesOnWire { get; set; }

    public string? FileError { get; set; }

    public void AddUpload(long bytes)
    {
        Interlocked.Increment(ref _filesUploaded);
        Interlocked.Add(ref _fileBytes, bytes);
    }

    public void AddDownload(long bytes)
    {
        Interlocked.Increment(ref _filesDownloaded);
        Interlocked.Add(ref _fileBytes, bytes);
    }

    /// <summary>A file this run could not download because the server does not hold it (yet); counted once however often it was asked for.</summary>
    public void AddAwaited(Guid fileId) => _filesAwaited.TryAdd(fileId, true);

    /// <summary>A file that arrived after all, in a later transfer of the same run.</summary>
    public void RemoveAwaited(Guid fileId) => _filesAwaited.TryRemove(fileId, out _);

    public SyncResult ToResult(bool success, string? message, TimeSpan elapsed, DateTimeOffset at) => new()
    {
        Success = success && FileError is null,
        Message = message ?? FileError ?? string.Empty,
        FinishedAt = at,
        Elapsed = elapsed,
        Pulled = Pulled,
        Pushed = Pushed,
        FilesUploaded = _filesUploaded,
        FilesDownloaded = _filesDownloaded,
        FilesAwaited = _filesAwaited.Count,
        FileBytes = Interlocked.Read(ref _fileBytes),
        Quarantined = Quarantined,
        InboxDelivered = InboxDelivered,
        InboxUnopened = InboxUnopened,
        Requests = Requests,
        BytesOnWire = BytesOnWire,
        Repaired = Repaired,
        Verification = Verification,
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SyncResult))]
internal sealed partial class SyncJson : System.Text.Json.Serialization.JsonSerializerContext;
