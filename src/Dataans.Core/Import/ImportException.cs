namespace Dataans.Core.Import;

/// <summary>
/// The import file is malformed, hostile or of an unsupported version. The message is one sentence
/// fit for a user, naming what is wrong and where. Nothing was changed when this is thrown.
/// </summary>
public sealed class ImportException : Exception
{
    /// <summary>An import refused for the reason in <paramref name="message"/> (one sentence for the user).</summary>
    public ImportException(string message)
        : base(message)
    {
    }

    /// <summary>An import refused for the reason in <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public ImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
