namespace Dataans.App.Ui.State;

/// <summary>The toasts of one browser tab (bottom-right, as in the original). Raises <see cref="Changed"/>.</summary>
internal sealed class ToastService : IDisposable
{
    private readonly List<Toast> _toasts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();

    public event Action? Changed;

    public IReadOnlyList<Toast> Toasts
    {
        get
        {
            lock (_lock)
            {
                return [.. _toasts];
            }
        }
    }

    /// <param name="actions">Buttons on the toast (e.g. Undo); pressing one runs it (and usually closes the toast).</param>
    public void Show(string message, ToastKind kind = ToastKind.Info, TimeSpan? duration = null, IReadOnlyList<ToastAction>? actions = null)
    {
        var toast = new Toast(Guid.NewGuid(), message, kind, actions ?? []);
        lock (_lock)
        {
            _toasts.Add(toast);
            if (_toasts.Count > 5)
            {
                _toasts.RemoveAt(0);
            }
        }

        Changed?.Invoke();
        _ = RemoveLaterAsync(toast.Id, duration ?? (kind == ToastKind.Error ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(3)));
    }

    /// <summary>Shows "<paramref name="context"/>: what went wrong" as one human sentence.</summary>
    public void Error(string context, Exception exception) =>
        Show($"{context}: {ErrorText.Describe(exception)}", ToastKind.Error);

    public void Dismiss(Guid id)
    {
        lock (_lock)
        {
            _toasts.RemoveAll(toast => toast.Id == id);
        }

        Changed?.Invoke();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task RemoveLaterAsync(Guid id, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _disposed.Token);
            Dismiss(id);
        }
        catch (OperationCanceledException)
        {
            // The tab went away.
        }
    }
}

internal enum ToastKind
{
    Info,
    Success,
    Error,
}

internal sealed record Toast(Guid Id, string Message, ToastKind Kind, IReadOnlyList<ToastAction> Actions);

/// <summary>A button on a toast: its label, what it does, and whether the toast closes then.</summary>
internal sealed record ToastAction(string Label, Func<Task> Run, bool Closes = true);
