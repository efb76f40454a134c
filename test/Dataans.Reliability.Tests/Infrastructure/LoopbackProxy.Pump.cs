using System.Net.Sockets;

namespace Dataans.Reliability.Tests.Infrastructure;

internal sealed partial class LoopbackProxy
{
    /// <summary>Copies one direction of a connection, applying the current fault and any armed trigger to each chunk.</summary>
    private async Task PumpAsync(ProxyConnection connection, bool toServer)
    {
        var from = toServer ? connection.Client : connection.Upstream;
        var to = toServer ? connection.Upstream : connection.Client;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (toServer && RequestLine(buffer.AsSpan(0, read)) is { } line)
                {
                    connection.StartRequest(line);
                }

                var passed = toServer ? connection.RequestBytes : connection.ResponseBytes;
                var (cutAt, trigger) = CutPoint(connection.Request, toServer, passed, read);
                if (trigger is { ThenPass: true })
                {
                    trigger.Fire();
                    cutAt = null;
                }

                if (cutAt is { } keep)
                {
                    if (keep > 0)
                    {
                        await to.SendAsync(buffer.AsMemory(0, (int)keep), SocketFlags.None, _stop.Token);
                    }

                    trigger?.Fire();
                    Fault(connection);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                connection.Count(toServer, read);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            connection.Reset();
        }
    }

    /// <summary>How many bytes of this chunk to forward before breaking the connection (null: all, no fault), and the trigger to fire.</summary>
    private (long? CutAt, Trigger? Trigger) CutPoint(string? request, bool toServer, long passed, int read)
    {
        lock (_gate)
        {
            foreach (var trigger in _triggers)
            {
                if (!trigger.IsFired && trigger.InResponse != toServer && request is not null
                    && request.StartsWith(trigger.RequestPrefix, StringComparison.Ordinal) && passed + read >= trigger.AfterBytes)
                {
                    trigger.IsFired = true;
                    return (Math.Max(0, trigger.AfterBytes - passed), trigger);
                }
            }

            var fault = _fault;
            var matches = fault.RequestPrefix is null || (request?.StartsWith(fault.RequestPrefix, StringComparison.Ordinal) ?? false);
            return fault.Kind switch
            {
                ProxyFault.RandomDrops when _random.NextDouble() < fault.Probability => (_random.Next(read + 1), null),
                ProxyFault.CutRequest when toServer && matches && passed + read > fault.Bytes => (Math.Max(0, fault.Bytes - passed), null),
                ProxyFault.ResetResponse when !toServer && matches && passed + read > fault.Bytes => (Math.Max(0, fault.Bytes - passed), null),
                _ => (null, null),
            };
        }
    }

    /// <summary>An action armed at a point of a request or response; see <see cref="When"/>.</summary>
    internal sealed class Trigger(string requestPrefix, long afterBytes, bool inResponse, bool thenPass, Action action)
    {
        private readonly TaskCompletionSource _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string RequestPrefix { get; } = requestPrefix;

        public long AfterBytes { get; } = afterBytes;

        public bool InResponse { get; } = inResponse;

        /// <summary>The connection goes on untouched after the action (the action itself is the fault).</summary>
        public bool ThenPass { get; } = thenPass;

        /// <summary>Completes once the action ran (faults if it threw).</summary>
        public Task Fired => _fired.Task;

        public bool IsFired { get; set; }

        public void Fire()
        {
            try
            {
                action();
                _fired.TrySetResult();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                _fired.TrySetException(e);
            }
        }
    }

    private sealed record FaultSetting(ProxyFault Kind, long Bytes, string? RequestPrefix, double Probability);

    /// <summary>One proxied connection: the client's socket, the target's socket and where the current request is.</summary>
    private sealed class ProxyConnection(Socket client, Socket upstream)
    {
        private int _reset;
        private long _requestBytes;
        private long _responseBytes;
        private string? _request;

        public Socket Client { get; } = client;

        public Socket Upstream { get; } = upstream;

        public string? Request => Volatile.Read(ref _request);

        public long RequestBytes => Interlocked.Read(ref _requestBytes);

        public long ResponseBytes => Interlocked.Read(ref _responseBytes);

        public void StartRequest(string line)
        {
            Interlocked.Exchange(ref _requestBytes, 0);
            Interlocked.Exchange(ref _responseBytes, 0);
            Volatile.Write(ref _request, line);
        }

        public void Count(bool toServer, int bytes) => Interlocked.Add(ref toServer ? ref _requestBytes : ref _responseBytes, bytes);

        /// <summary>Closes both sockets with RST; true the first time.</summary>
        public bool Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 1)
            {
                return false;
            }

            foreach (var socket in new[] { Client, Upstream })
            {
                try
                {
                    socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // not connected
                }

                socket.Dispose();
            }

            return true;
        }
    }
}
