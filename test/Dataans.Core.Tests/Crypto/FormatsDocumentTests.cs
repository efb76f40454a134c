using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Dataans.Core.Tests.Crypto;

/// <summary>The vectors published in docs/formats.md are the ones the tests check.</summary>
public sealed partial class FormatsDocumentTests
{
    [Theory]
    [InlineData(TestVectors.DerivedKeyHex)]
    [InlineData(TestVectors.EnvelopeHex)]
    [InlineData(TestVectors.FileStreamHex)]
    [InlineData(TestVectors.VerifierPhc)]
    [InlineData(TestVectors.Password)]
    [InlineData(TestVectors.Passphrase)]
    [InlineData(TestVectors.EnvelopePlaintext)]
    [InlineData(TestVectors.FilePlaintext)]
    [InlineData(TestVectors.FileId)]
    public void FormatsDocument_ContainsTheTestedVector(string vector)
    {
        var document = Whitespace().Replace(File.ReadAllText(FormatsPath()), string.Empty);

        Assert.Contains(Whitespace().Replace(vector, string.Empty), document, StringComparison.Ordinal);
    }

    private static string FormatsPath([CallerFilePath] string source = "")
    {
        // Walk up from the test binaries (robust to path-mapped builds), else use this source file's location.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "formats.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "docs", "formats.md"));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
