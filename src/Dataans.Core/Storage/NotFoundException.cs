namespace Dataans.Core.Storage;

/// <summary>The id given does not name a visible object.</summary>
public sealed class NotFoundException : StoreException
{
    public NotFoundException(string message)
        : base(message)
    {
    }
}
