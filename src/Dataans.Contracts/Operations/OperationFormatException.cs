namespace Dataans.Contracts.Operations;

/// <summary>Raised when operation JSON is malformed; the message is safe to show and to log.</summary>
public sealed class OperationFormatException : FormatException
{
    public OperationFormatException(string message)
        : base(message)
    {
    }

    public OperationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
