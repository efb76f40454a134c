using System.Text;
using System.Text.RegularExpressions;

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>A command line shown in a document, where it stands, and the comment beside it.</summary>
internal sealed record DocumentedCommand(string File, int Line, string Text);

/// <summary>
/// Reads the commands the documentation shows a user: every line of a fenced block marked <c>sh</c>
/// (also <c>bash</c>, <c>shell</c>, <c>console</c>) in README.md and docs/*.md, with backslash
/// continuations joined and a trailing <c>  # comment</c> removed. Inline code in prose may name a
/// command; a line a user is meant to run stands in such a block.
/// </summary>
internal static partial class DocumentedCommands
{
    public static IReadOnlyList<string> Documents { get; } =
        [.. new[] { Path.Combine(Shell.RepoRoot, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Shell.RepoRoot, "docs"), "*.md").Order(StringComparer.Ordinal))];

    public static IReadOnlyList<DocumentedCommand> All() => [.. Documents.SelectMany(Read)];

    public static IEnumerable<DocumentedCommand> Read(string path)
    {
        var name = Path.GetRelativePath(Shell.RepoRoot, path);
        var lines = File.ReadAllLines(path);
        var inShellBlock = false;
        var inOtherBlock = false;
        var fenceIndent = 0;
        StringBuilder? pending = null;
        var pendingLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                if (inShellBlock || inOtherBlock)
                {
                    inShellBlock = inOtherBlock = false;
                    continue;
                }

                var language = trimmed[3..].Trim();
                inShellBlock = language is "sh" or "bash" or "shell" or "console";
                inOtherBlock = !inShellBlock;
                fenceIndent = lines[i].Length - trimmed.Length;
                continue;
            }

            if (!inShellBlock)
            {
                continue;
            }

            var text = lines[i].Length >= fenceIndent ? lines[i][fenceIndent..] : trimmed;
            text = WithoutComment(text).TrimEnd();
            if (text.Length == 0 && pending is null)
            {
                continue;
            }

            if (pending is null)
            {
                pending = new StringBuilder();
                pendingLine = i + 1;
            }

            if (text.EndsWith('\\'))
            {
                pending.Append(text[..^1].TrimEnd()).Append(' ');
                continue;
            }

            pending.Append(text.Trim());
            yield return new DocumentedCommand(name, pendingLine, Spaces().Replace(pending.ToString().Trim(), " "));
            pending = null;
        }
    }

    /// <summary>Removes a trailing comment: a <c>#</c> after whitespace, outside quotes.</summary>
    public static string WithoutComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
