using System.Text.RegularExpressions;

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>
/// The documented commands one journey promises to run, and which of them it ran. A journey runs a
/// command by its documented text; placeholders (TOKEN, ids, paths) are replaced as a user would
/// replace them, and nothing else is changed.
/// </summary>
internal sealed class CommandLedger(IReadOnlyList<string> promised)
{
    private readonly HashSet<string> _ran = [];

    /// <summary>Replaces each placeholder where it stands as a whole word (longest first).</summary>
    public static string Substitute(string documented, IReadOnlyDictionary<string, string>? values)
    {
        if (values is null)
        {
            return documented;
        }

        var result = documented;
        foreach (var (placeholder, value) in values.OrderByDescending(pair => pair.Key.Length))
        {
            var pattern = $@"(?<![\w-]){Regex.Escape(placeholder)}(?![\w-])";
            result = Regex.Replace(result, pattern, value.Replace("$", "$$", StringComparison.Ordinal));
        }

        return result;
    }

    /// <summary>The command line as it will run, after the promise is checked and recorded.</summary>
    public string Take(string documented, IReadOnlyDictionary<string, string>? values = null)
    {
        Assert.True(promised.Contains(documented), $"The journey runs '{documented}', which it does not list among its documented commands.");
        _ran.Add(documented);
        return Substitute(documented, values);
    }

    public Task<ShellResult> RunAsync(Shell shell, string documented, IReadOnlyDictionary<string, string>? values = null, string? stdin = null) =>
        shell.RunAsync(Take(documented, values), stdin);

    public BackgroundCommand Start(Shell shell, string documented, IReadOnlyDictionary<string, string>? values = null) =>
        shell.StartInBackground(Take(documented, values));

    public void AssertEveryCommandRan()
    {
        var missing = promised.Where(command => !_ran.Contains(command)).ToList();
        Assert.True(missing.Count == 0, "Documented commands the journey did not run:\n" + string.Join('\n', missing));
    }
}
