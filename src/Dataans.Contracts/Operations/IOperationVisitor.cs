namespace Dataans.Contracts.Operations;

/// <summary>
/// Handles every kind of <see cref="Operation"/>, one method a kind. This is the one exhaustive
/// construct over the nine kinds: a new kind adds a method here, so every writer, digest and applier
/// fails to compile until it handles it (no <c>default: throw</c> at run time).
/// </summary>
/// <typeparam name="T">What handling an operation gives back.</typeparam>
public interface IOperationVisitor<out T>
{
    T Visit(CreateNote operation);

    T Visit(UpdateNote operation);

    T Visit(DeleteNote operation);

    T Visit(CreateFile operation);

    T Visit(DeleteFile operation);

    T Visit(CreateSpace operation);

    T Visit(UpdateSpace operation);

    T Visit(DeleteSpace operation);

    T Visit(SetNoteFiles operation);
}
