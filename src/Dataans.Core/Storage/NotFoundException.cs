namespace Dataans.Core.Storage;

/// <summary>The id given does not name a visible object.</summary>
public sealed class NotFoundException : StoreException
{
    /// <summary>Nothing visible matches; <paramref name="message"/> says what was asked for.</summary>
    public NotFoundException(string message)
        : base(message)
    {
    }
}
