namespace Dataans.Contracts.Operations;

/// <summary>
/// Handles every kind of <see cref="Operation"/>, one method a kind. This is the one exhaustive
/// construct over the nine kinds: a new kind adds a method here, so every writer, digest and applier
/// fails to compile until it handles it (no <c>default: throw</c> at run time).
/// </summary>
/// <typeparam name="T">What handling an operation gives back.</typeparam>
public interface IOperationVisitor<out T>
{
    /// <summary>Handles a <see cref="CreateNote"/>.</summary>
    T Visit(CreateNote operation);

    /// <summary>Handles a <see cref="UpdateNote"/>.</summary>
    T Visit(UpdateNote operation);

    /// <summary>Handles a <see cref="DeleteNote"/>.</summary>
    T Visit(DeleteNote operation);

    /// <summary>Handles a <see cref="CreateFile"/>.</summary>
    T Visit(CreateFile operation);

    /// <summary>Handles a <see cref="DeleteFile"/>.</summary>
    T Visit(DeleteFile operation);

    /// <summary>Handles a <see cref="CreateSpace"/>.</summary>
    T Visit(CreateSpace operation);

    /// <summary>Handles a <see cref="UpdateSpace"/>.</summary>
    T Visit(UpdateSpace operation);

    /// <summary>Handles a <see cref="DeleteSpace"/>.</summary>
    T Visit(DeleteSpace operation);

    /// <summary>Handles a <see cref="SetNoteFiles"/>.</summary>
    T Visit(SetNoteFiles operation);
}
