namespace Dataans.Core.Inbox;

/// <summary>
/// A sealed inbox item, key or capture content cannot be opened or read: wrong key, altered or
/// truncated bytes, or a format this version does not know. The message names what was wrong, never
/// any content. Retrying with the same bytes fails the same way.
/// </summary>
public sealed class InboxFormatException : Exception
{
    /// <summary>An item that cannot be opened, for no more precise reason.</summary>
    public InboxFormatException()
        : base("the inbox item cannot be opened")
    {
    }

    /// <summary>With a message naming what was wrong.</summary>
    /// <param name="message">What was wrong (never any content).</param>
    public InboxFormatException(string message)
        : base(message)
    {
    }

    /// <summary>With a message and the failure underneath.</summary>
    /// <param name="message">What was wrong (never any content).</param>
    /// <param name="innerException">The failure underneath.</param>
    public InboxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always <see langword="false"/>.</summary>
    public bool IsTransient => false;
}
