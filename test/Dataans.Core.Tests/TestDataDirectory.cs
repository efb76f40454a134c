using Dataans.Core.Storage;

namespace Dataans.Core.Tests;

/// <summary>A real data directory under the temp folder, deleted at dispose.</summary>
public sealed class TestDataDirectory : IDisposable
{
    public TestDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dataans-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Data = new DataDirectory(Path);
    }

    public string Path { get; }

    public DataDirectory Data { get; }

    public Task<DataansStore> OpenStoreAsync(TimeProvider? time = null) => DataansStore.OpenAsync(Data, time);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite connection may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
