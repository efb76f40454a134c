namespace Dataans.Core.Import;

/// <summary>
/// The import file is malformed, hostile or of an unsupported version. The message is one sentence
/// fit for a user, naming what is wrong and where. Nothing was changed when this is thrown.
/// </summary>
public sealed class ImportException : Exception
{
    public ImportException(string message)
        : base(message)
    {
    }

    public ImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
