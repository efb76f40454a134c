namespace Dataans.Server.Events;

/// <summary>Where a change published to the <see cref="SyncEventHub"/> was made.</summary>
internal enum ChangeOrigin
{
    /// <summary>A push or capture handled by this instance.</summary>
    ThisInstance,

    /// <summary>A push on another instance, heard through PostgreSQL's <c>NOTIFY</c>.</summary>
    OtherInstance,
}
