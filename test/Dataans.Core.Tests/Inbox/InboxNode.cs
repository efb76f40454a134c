using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataans.Core.Tests.Inbox;

/// <summary>
/// Runs the capture page's own sealing module (served by the sync server) in Node's WebCrypto, plus
/// a reference opener written from docs/formats.md (inbox-node.mjs next to this file).
/// </summary>
internal static class InboxNode
{
    public static async Task<JsonArray> RunAsync(IReadOnlyList<object> requests)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(SourceFolder(), "inbox-node.mjs"));
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "src", "Dataans.Server", "CapturePage", "seal.js"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(requests));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"node failed: {await error}");
        return JsonNode.Parse(await output)!.AsArray();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(SourceFolder()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dataans.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }

    private static string SourceFolder([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
