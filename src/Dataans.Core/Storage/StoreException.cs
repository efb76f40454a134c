namespace Dataans.Core.Storage;

/// <summary>A failure of the local store, with a message fit for a user.</summary>
public class StoreException : Exception
{
    /// <summary>A store failure described by <paramref name="message"/> (one sentence for the user).</summary>
    public StoreException(string message)
        : base(message)
    {
    }

    /// <summary>A store failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
