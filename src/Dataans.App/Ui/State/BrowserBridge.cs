using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dataans.App.Ui.State;

/// <summary>
/// The .NET side of <c>wwwroot/js/dataans.js</c>, the one JS module: keyboard shortcuts, clipboard, the
/// browser's time zone, editors, uploads and timeline scrolling. One per browser tab.
/// </summary>
internal sealed class BrowserBridge(IJSRuntime js, ToastService toasts) : IAsyncDisposable
{
    private IJSObjectReference? _module;
    private DotNetObjectReference<BrowserBridge>? _self;

    /// <summary>Raised when a configured key combination was pressed, with its action name.</summary>
    public event Action<string>? ShortcutPressed;

    public async Task InitAsync(IReadOnlyDictionary<string, string> bindings, CancellationToken cancellationToken = default)
    {
        _self ??= DotNetObjectReference.Create(this);
        var module = await ModuleAsync(cancellationToken);
        await module.InvokeVoidAsync("init", cancellationToken, _self, bindings);
    }

    public async Task SetBindingsAsync(IReadOnlyDictionary<string, string> bindings) =>
        await (await ModuleAsync()).InvokeVoidAsync("setBindings", bindings);

    public async Task<string> TimeZoneAsync(CancellationToken cancellationToken = default) =>
        await (await ModuleAsync(cancellationToken)).InvokeAsync<string>("timeZone", cancellationToken);

    public async Task CopyAsync(string text)
    {
        if (await (await ModuleAsync()).InvokeAsync<bool>("copyText", text))
        {
            toasts.Show("Copied!", ToastKind.Success);
        }
        else
        {
            toasts.Show("The browser did not allow copying to the clipboard.", ToastKind.Error);
        }
    }

    public async Task<int> AttachEditorAsync<T>(ElementReference textarea, DotNetObjectReference<T> component, EditorOptions options)
        where T : class =>
        await (await ModuleAsync()).InvokeAsync<int>("attachEditor", textarea, component, options);

    public async Task DetachEditorAsync(int handle) => await InvokeSafelyAsync("detachEditor", handle);

    public async Task SubmitEditorAsync(ElementReference textarea) => await (await ModuleAsync()).InvokeVoidAsync("submitEditor", textarea);

    public async Task FocusAsync(ElementReference element) => await InvokeSafelyAsync("focus", element);

    /// <summary>Focuses an editor that has just set itself up, unless the user is typing in another field or a dialog is open.</summary>
    public async Task FocusUnlessTypingElsewhereAsync(ElementReference element) => await InvokeSafelyAsync("focusUnlessTypingElsewhere", element);

    /// <summary>Sets an input's text from .NET (the input is not bound, so typing is never overwritten by a render).</summary>
    public async Task SetValueAsync(ElementReference input, string value) => await InvokeSafelyAsync("setValue", input, value);

    public async Task<DraftData> ReadDraftAsync(string key) =>
        await (await ModuleAsync()).InvokeAsync<DraftData>("readDraft", key);

    public async Task WriteDraftFilesAsync(string key, IReadOnlyList<UploadedFile> files) =>
        await (await ModuleAsync()).InvokeVoidAsync("writeDraftFiles", key, files);

    public async Task ClearDraftAsync(string key) => await (await ModuleAsync()).InvokeVoidAsync("clearDraft", key);

    /// <summary>
    /// Uploads what the user picks in <paramref name="input"/> and calls <paramref name="method"/>(files) on the component;
    /// with a <paramref name="textarea"/>, picked images are also referenced in its text at the caret.
    /// </summary>
    public async Task AttachFilePickerAsync<T>(ElementReference input, DotNetObjectReference<T> component, string method, ElementReference? textarea = null)
        where T : class =>
        await (await ModuleAsync()).InvokeVoidAsync("attachFilePicker", input, component, method, textarea);

    public async Task ObserveTimelineAsync<T>(ElementReference container, DotNetObjectReference<T> component)
        where T : class =>
        await (await ModuleAsync()).InvokeVoidAsync("observeTimeline", container, component);

    /// <summary>After a render of the timeline: keep the bottom in view, or scroll to and focus a note.</summary>
    public async Task TimelineRenderedAsync(ElementReference container, bool scrollToBottom, Guid? focusNote) =>
        await InvokeSafelyAsync("timelineRendered", container, scrollToBottom, focusNote?.ToString());

    public async Task DetachTimelineAsync(ElementReference container) => await InvokeSafelyAsync("detachTimeline", container);

    [JSInvokable]
    public void OnShortcut(string action) => ShortcutPressed?.Invoke(action);

    [JSInvokable]
    public void OnCopied() => toasts.Show("Copied!", ToastKind.Success);

    [JSInvokable]
    public void OnError(string message) => toasts.Show(message, ToastKind.Error);

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The tab is gone; nothing to clean up in it.
            }
        }

        _self?.Dispose();
    }

    private async Task InvokeSafelyAsync(string name, params object?[] args)
    {
        try
        {
            await (await ModuleAsync()).InvokeVoidAsync(name, args);
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone.
        }
    }

    private async Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken = default) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/dataans.js");
}

/// <summary>How an editor behaves: "compose" (Enter sends, draft kept per space) or "edit" (Enter saves, Escape discards).</summary>
internal sealed record EditorOptions(string Mode, string? DraftKey, bool AcceptFiles);

/// <summary>A draft as the browser keeps it.</summary>
internal sealed record DraftData(string? Text, List<UploadedFile>? Files);
