namespace Dataans.Core.Storage;

/// <summary>A failure of the local store, with a message fit for a user.</summary>
public class StoreException : Exception
{
    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
