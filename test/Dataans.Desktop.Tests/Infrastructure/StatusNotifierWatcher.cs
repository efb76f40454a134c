using Tmds.DBus;

namespace Dataans.Desktop.Tests.Infrastructure;

/// <summary>
/// The tray's side of StatusNotifierItem, owned by the test on its private session bus: it records the
/// items that register and drives an item's menu (com.canonical.dbusmenu) as a panel would on a click.
/// </summary>
internal sealed class StatusNotifierWatcher : IAsyncDisposable
{
    private readonly Connection _connection;
    private readonly WatcherObject _watcher = new();

    private StatusNotifierWatcher(Connection connection) => _connection = connection;

    /// <summary>Object paths the items registered with (libayatana-appindicator sends its path).</summary>
    public IReadOnlyList<string> RegisteredItems => _watcher.Items;

    public static async Task<StatusNotifierWatcher> StartAsync(string busAddress)
    {
        var connection = new Connection(busAddress);
        await connection.ConnectAsync();
        var watcher = new StatusNotifierWatcher(connection);
        await connection.RegisterObjectAsync(watcher._watcher);
        await connection.RegisterServiceAsync("org.kde.StatusNotifierWatcher");
        return watcher;
    }

    /// <summary>Clicks the item's menu entry with this label (its "clicked" event), as a panel does.</summary>
    public async Task ClickMenuItemAsync(int processId, string itemPath, string label)
    {
        var owner = await OwnerOfProcessAsync(processId);
        var item = _connection.CreateProxy<IStatusNotifierItem>(owner, new ObjectPath(itemPath));
        var menuPath = (ObjectPath)await item.GetAsync("Menu");
        var menu = _connection.CreateProxy<IDbusMenu>(owner, menuPath);
        var (_, layout) = await menu.GetLayoutAsync(0, -1, ["label"]);
        var id = FindItem(layout, label) ?? throw new InvalidOperationException($"the tray menu has no '{label}' item");
        await menu.EventAsync(id, "clicked", 0, 0);
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The unique bus name of the app's connection (the watcher's RegisterStatusNotifierItem does not tell it).</summary>
    private async Task<string> OwnerOfProcessAsync(int processId)
    {
        var bus = _connection.CreateProxy<IFreedesktopBus>("org.freedesktop.DBus", new ObjectPath("/org/freedesktop/DBus"));
        foreach (var name in (await bus.ListNamesAsync()).Where(name => name.StartsWith(':')))
        {
            try
            {
                if (await bus.GetConnectionUnixProcessIDAsync(name) == (uint)processId)
                {
                    var item = _connection.CreateProxy<IStatusNotifierItem>(name, new ObjectPath(RegisteredItems[^1]));
                    if (await item.GetAsync("Menu") is ObjectPath)
                    {
                        return name;
                    }
                }
            }
            catch (DBusException)
            {
                // Another connection of the process (dbusmenu, a11y) without the item: try the next.
            }
        }

        throw new InvalidOperationException($"process {processId} has no connection on the bus serving the tray item");
    }

    private static int? FindItem((int Id, IDictionary<string, object> Properties, object[] Children) node, string label)
    {
        if (node.Properties.TryGetValue("label", out var value) && value is string text && text.Replace("_", string.Empty, StringComparison.Ordinal) == label)
        {
            return node.Id;
        }

        foreach (var child in node.Children)
        {
            // Each child is a variant holding an (ia{sv}av) structure.
            var parts = child switch
            {
                System.Runtime.CompilerServices.ITuple tuple when tuple.Length == 3 => new[] { tuple[0], tuple[1], tuple[2] },
                object[] array when array.Length == 3 => array,
                _ => null,
            };
            if (parts is [int id, IDictionary<string, object> properties, object[] children] && FindItem((id, properties, children), label) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private sealed class WatcherObject : IStatusNotifierWatcher
    {
        private readonly List<string> _items = [];
        private readonly Lock _lock = new();

        public ObjectPath ObjectPath { get; } = new("/StatusNotifierWatcher");

        public IReadOnlyList<string> Items
        {
            get
            {
                lock (_lock)
                {
                    return [.. _items];
                }
            }
        }

        public Task RegisterStatusNotifierItemAsync(string service)
        {
            lock (_lock)
            {
                _items.Add(service);
            }

            return Task.CompletedTask;
        }

        public Task RegisterStatusNotifierHostAsync(string service) => Task.CompletedTask;

        public Task<object> GetAsync(string prop) => Task.FromResult<object>(prop switch
        {
            "RegisteredStatusNotifierItems" => Items.ToArray(),
            "IsStatusNotifierHostRegistered" => true,
            "ProtocolVersion" => 0,
            _ => throw new DBusException("org.freedesktop.DBus.Error.UnknownProperty", prop),
        });

        public Task<WatcherProperties> GetAllAsync() => Task.FromResult(new WatcherProperties
        {
            RegisteredStatusNotifierItems = [.. Items],
            IsStatusNotifierHostRegistered = true,
            ProtocolVersion = 0,
        });

        public Task SetAsync(string prop, object val) => throw new DBusException("org.freedesktop.DBus.Error.PropertyReadOnly", prop);

        public Task<IDisposable> WatchPropertiesAsync(Action<PropertyChanges> handler) => Task.FromResult<IDisposable>(new Nothing());

        public Task<IDisposable> WatchStatusNotifierItemRegisteredAsync(Action<string> handler, Action<Exception>? onError = null) =>
            Task.FromResult<IDisposable>(new Nothing());

        public Task<IDisposable> WatchStatusNotifierHostRegisteredAsync(Action handler, Action<Exception>? onError = null) =>
            Task.FromResult<IDisposable>(new Nothing());

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}

[DBusInterface("org.kde.StatusNotifierWatcher")]
public interface IStatusNotifierWatcher : IDBusObject
{
    Task RegisterStatusNotifierItemAsync(string service);

    Task RegisterStatusNotifierHostAsync(string service);

    Task<object> GetAsync(string prop);

    Task<WatcherProperties> GetAllAsync();

    Task SetAsync(string prop, object val);

    Task<IDisposable> WatchPropertiesAsync(Action<PropertyChanges> handler);

    Task<IDisposable> WatchStatusNotifierItemRegisteredAsync(Action<string> handler, Action<Exception>? onError = null);

    Task<IDisposable> WatchStatusNotifierHostRegisteredAsync(Action handler, Action<Exception>? onError = null);
}

[Dictionary]
public sealed class WatcherProperties
{
    public string[] RegisteredStatusNotifierItems = [];

    public bool IsStatusNotifierHostRegistered;

    public int ProtocolVersion;
}

[DBusInterface("org.kde.StatusNotifierItem")]
public interface IStatusNotifierItem : IDBusObject
{
    Task<object> GetAsync(string prop);
}

[DBusInterface("com.canonical.dbusmenu")]
public interface IDbusMenu : IDBusObject
{
    Task<(uint Revision, (int Id, IDictionary<string, object> Properties, object[] Children) Layout)> GetLayoutAsync(int parentId, int recursionDepth, string[] propertyNames);

    Task EventAsync(int id, string eventId, object data, uint timestamp);
}

[DBusInterface("org.freedesktop.DBus")]
public interface IFreedesktopBus : IDBusObject
{
    Task<string[]> ListNamesAsync();

    Task<uint> GetConnectionUnixProcessIDAsync(string name);
}
