namespace Dataans.App;

/// <summary>How the CLI and the UI turn an exception's message into the one sentence a user reads.</summary>
internal static class ErrorSentences
{
    /// <summary>Collapses a message to one line that ends like a sentence.</summary>
    public static string OneLine(string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length == 0 || line[^1] is '.' or '!' or '?' ? line : line + ".";
    }

    /// <summary>The message without the " (Parameter 'name')" ArgumentException appends, which means nothing to a user.</summary>
    public static string WithoutParameterName(ArgumentException exception)
    {
        var suffix = exception.ParamName is null ? null : $" (Parameter '{exception.ParamName}')";
        return suffix is not null && exception.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? exception.Message[..^suffix.Length]
            : exception.Message;
    }
}
