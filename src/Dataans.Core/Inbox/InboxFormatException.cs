namespace Dataans.Core.Inbox;

/// <summary>
/// A sealed inbox item, key or capture content cannot be opened or read: wrong key, altered or
/// truncated bytes, or a format this version does not know. The message names what was wrong, never
/// any content. Retrying with the same bytes fails the same way.
/// </summary>
public sealed class InboxFormatException : Exception
{
    public InboxFormatException()
        : base("the inbox item cannot be opened")
    {
    }

    public InboxFormatException(string message)
        : base(message)
    {
    }

    public InboxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always <see langword="false"/>.</summary>
    public bool IsTransient => false;
}
