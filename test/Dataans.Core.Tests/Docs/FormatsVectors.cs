using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dataans.Core.Tests.Docs;

/// <summary>
/// The test vectors of docs/formats.md, read by the rule the document states: every <c>```text</c>
/// block is one vector, one field per line (a name, two or more spaces, the value), a line starting
/// with spaces continues the value above. The Node client in the sync tests reads them the same way.
/// </summary>
internal sealed partial class FormatsVectors
{
    private readonly List<(string Name, string Value)> _fields;

    private FormatsVectors(string heading, List<(string Name, string Value)> fields)
    {
        Heading = heading;
        _fields = fields;
    }

    /// <summary>The nearest Markdown heading above the block, to name a failing vector.</summary>
    public string Heading { get; }

    public IReadOnlyList<(string Name, string Value)> Fields => _fields;

    public static IReadOnlyList<FormatsVectors> Load() => Parse(File.ReadAllText(DocumentPath()));

    public static IReadOnlyList<FormatsVectors> Parse(string markdown)
    {
        var vectors = new List<FormatsVectors>();
        var heading = string.Empty;
        List<(string Name, string Value)>? block = null;
        foreach (var line in markdown.Split('\n').Select(line => line.TrimEnd('\r')))
        {
            if (block is null)
            {
                if (line.StartsWith('#'))
                {
                    heading = line.TrimStart('#').Trim();
                }
                else if (line == "```text")
                {
                    block = [];
                }

                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                vectors.Add(new FormatsVectors(heading, block));
                block = null;
            }
            else if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                Assert.True(block.Count > 0, $"A vector under '{heading}' starts with a continuation line.");
                block[^1] = (block[^1].Name, block[^1].Value + " " + line.Trim());
            }
            else if (line.Length > 0)
            {
                var match = FieldLine().Match(line);
                Assert.True(match.Success, $"The vector line '{line}' under '{heading}' is not 'name  value'.");
                block.Add((match.Groups[1].Value, match.Groups[2].Value.Trim()));
            }
        }

        Assert.Null(block);
        return vectors;
    }

    public bool Has(string name) => _fields.Exists(field => field.Name == name);

    public string Raw(string name) =>
        _fields.Find(field => field.Name == name) is { Name: not null } field ? field.Value : throw new KeyNotFoundException($"The vector under '{Heading}' has no '{name}'.");

    public byte[] Hex(string name) => Convert.FromHexString(Whitespace().Replace(Raw(name), string.Empty));

    public string Text(string name) =>
        JsonSerializer.Deserialize<string>(Raw(name)) ?? throw new FormatException($"'{name}' under '{Heading}' is not a JSON string.");

    public int Number(string name) => int.Parse(Raw(name), System.Globalization.CultureInfo.InvariantCulture);

    public Guid Uuid(string name) => Guid.Parse(Raw(name));

    public override string ToString() => Heading;

    private static string DocumentPath([CallerFilePath] string source = "")
    {
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

    [GeneratedRegex(@"^(\S(?:.*?\S)?) {2,}(\S.*)$")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
