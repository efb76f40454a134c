namespace Dataans.App.Cli;

/// <summary>
/// Reads secrets for <c>sync login</c>: one line each from standard input when it is a pipe (or when
/// the option asks for it), else typed at a hidden prompt on the terminal. Lines are consumed in the
/// order they are asked for, so a script writes them in the documented order.
/// </summary>
internal sealed class SecretInput(CliEnvironment environment)
{
    /// <summary>A required secret.</summary>
    /// <exception cref="CliException">Standard input ended or the line was empty.</exception>
    public string Read(string name, string missing, bool fromStdin = true)
    {
        var value = ReadLine(name, fromStdin || environment.IsInputRedirected);
        return string.IsNullOrEmpty(value) ? throw new CliException(missing) : value;
    }

    /// <summary>An optional secret from standard input: an empty or missing line means none.</summary>
    public string? ReadOptional(string name)
    {
        var value = ReadLine(name, fromStdin: true);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private string? ReadLine(string name, bool fromStdin)
    {
        if (fromStdin && environment.IsInputRedirected)
        {
            return environment.In.ReadLine();
        }

        environment.Error.Write($"{name}: ");
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                environment.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
            {
                text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
