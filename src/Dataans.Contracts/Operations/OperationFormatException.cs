namespace Dataans.Contracts.Operations;

/// <summary>Raised when operation JSON is malformed; the message is safe to show and to log.</summary>
public sealed class OperationFormatException : FormatException
{
    /// <summary>Malformed operation JSON, described by <paramref name="message"/>.</summary>
    public OperationFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Malformed operation JSON, described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public OperationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
