using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dataans.Core.Storage;

namespace Dataans.App.Desktop;

/// <summary>
/// One app per data folder. The first app holds an exclusive lock on <c>&lt;data folder&gt;/app.lock</c> for
/// as long as it runs and answers on a local socket; a second launch finds the lock taken and asks the first
/// to show itself instead of opening the same store beside it. Thread-safe.
/// </summary>
internal sealed class AppInstance : IDisposable
{
    public const string LockFileName = "app.lock";

    private const int MaxRequestBytes = 64;
    private readonly FileStream _lock;
    private readonly string _socketPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<Func<string, string>> _handler = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;

    /// <exception cref="IOException">Another process holds the lock, or the folder cannot hold the file.</exception>
    private AppInstance(string lockPath, string socketPath)
    {
        // On Unix .NET takes an exclusive flock for FileShare.None; it goes away with the process.
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the data folder's files are private (0600)
        }

        _lock = new FileStream(lockPath, options);
        _socketPath = socketPath;
    }

    /// <summary>Takes the data folder for this process, or returns null when another process has it.</summary>
    /// <exception cref="IOException">The folder cannot hold the lock file (not a folder, read-only, …).</exception>
    public static AppInstance? TryClaim(DataDirectory directory)
    {
        PrivateDataFolder.CreateFolder(directory.Root);
        var lockPath = Path.Combine(directory.Root, LockFileName);
        AppInstance? instance = null;
        try
        {
            instance = new AppInstance(lockPath, SocketPath(directory));
            instance.StartListening();
            var claimed = instance;
            instance = null; // the caller owns it now
            return claimed;
        }
        catch (IOException) when (instance is null && File.Exists(lockPath))
        {
            return null; // another process holds the lock
        }
        finally
        {
            instance?.Dispose();
        }
    }

    /// <summary>Sets what answers a second launch's request ("show", "toggle", "url"); requests wait until then.</summary>
    public void Answer(Func<string, string> handler) => _handler.TrySetResult(handler);

    /// <summary>Sends one request to the app that holds the data folder; null when none answers in time.</summary>
    public static async Task<string?> AskAsync(DataDirectory directory, string request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath(directory)), deadline.Token);
                await socket.SendAsync(Encoding.UTF8.GetBytes(request + "\n"), deadline.Token);
                return await ReadLineAsync(socket, 4096, deadline.Token);
            }
            catch (SocketException)
            {
                // The first app may still be starting: try again until the deadline.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener?.Dispose();
        try
        {
            File.Delete(_socketPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A stale socket file is replaced by the next app.
        }

        _lock.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// The socket's path: in <c>$XDG_RUNTIME_DIR</c> (private to the user) when there is one, else in the data
    /// folder; named after the folder so that each data folder has its own.
    /// </summary>
    internal static string SocketPath(DataDirectory directory)
    {
        var name = "dataans-" + FolderKey(directory.Root) + ".sock";
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && Path.IsPathRooted(runtime) && Directory.Exists(runtime))
        {
            return Path.Combine(runtime, name);
        }

        var inFolder = Path.Combine(directory.Root, "app.sock");
        return Encoding.UTF8.GetByteCount(inFolder) < 100 ? inFolder : Path.Combine(Path.GetTempPath(), name);
    }

    /// <summary>A short name that differs between data folders (for per-folder files outside them).</summary>
    internal static string FolderKey(string root) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..16];

    private void StartListening()
    {
        try
        {
            File.Delete(_socketPath); // left by an app that crashed; we hold the lock, so it is not in use
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite); // only this account may hand over (the folder is 0700 too)
            }

            listener.Listen(8);
            _listener = listener;
        }
        catch (Exception exception) when (exception is SocketException or IOException or UnauthorizedAccessException)
        {
            // Without the socket a second launch is still refused (the lock); it just cannot hand over.
            return;
        }

        _ = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var request = await ReadLineAsync(client, MaxRequestBytes, timeout.Token);
                var handler = await _handler.Task.WaitAsync(timeout.Token);
                var reply = request is null ? "error" : handler(request);
                await client.SendAsync(Encoding.UTF8.GetBytes(reply + "\n"), timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The asker gave up or the app is stopping.
            }
        }
    }

    private static async Task<string?> ReadLineAsync(Socket socket, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, length);
            if (newline >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, newline);
            }
        }

        return null;
    }
}
