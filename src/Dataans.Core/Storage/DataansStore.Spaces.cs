using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Avatars;
using Dataans.Core.Diagnostics;
using Dataans.Core.Model;

namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    /// <summary>The longest space name accepted (in UTF-16 code units, after trimming).</summary>
    public const int MaxSpaceNameLength = 200;
    /// <summary>The largest custom avatar picture accepted: 5 MiB.</summary>
    public const int MaxAvatarBytes = 5 * 1024 * 1024;

    /// <summary>Creates a space with a generated avatar (CreateFile + CreateSpace in one transaction).</summary>
    /// <exception cref="ArgumentException">The name is empty or too long.</exception>
    public async Task<Space> CreateSpaceAsync(string name, CancellationToken cancellationToken = default)
    {
        name = ValidateSpaceName(name);
        var avatarId = Guid.NewGuid();
        var staged = await Files.StageAsync(AvatarGenerator.Generate(avatarId), cancellationToken);
        var spaceId = Guid.NewGuid();
        await WriteWithFilesAsync(
            [(staged, AvatarPath(avatarId, ".png"))],
            writer =>
            {
                var time = writer.NextTime();
                writer.Emit(new CreateFile(new FilePayload(avatarId, $"{avatarId}.png", AvatarPath(avatarId, ".png"), time, time, false)), time);
                var spaceTime = writer.NextTime();
                writer.Emit(new CreateSpace(new SpacePayload(spaceId, name, avatarId, spaceTime, spaceTime, false)), spaceTime);
            },
            cancellationToken);
        return await GetSpaceAsync(spaceId, cancellationToken);
    }

    /// <exception cref="NotFoundException">No visible space has this id.</exception>
    public async Task<Space> RenameSpaceAsync(Guid id, string name, CancellationToken cancellationToken = default)
    {
        name = ValidateSpaceName(name);
        await Transactions.WriteAsync(
            (writer, _) =>
            {
                var space = NoteReader.FindSpace(writer.Batch, id) ?? throw new NotFoundException($"There is no space with id {id}.");
                var time = writer.NextTime();
                return writer.Emit(new UpdateSpace(new SpacePayload(id, name, space.AvatarId, space.CreatedAt, time, false)), time);
            },
            cancellationToken);
        return await GetSpaceAsync(id, cancellationToken);
    }

    /// <summary>Gives a space a new generated avatar.</summary>
    public Task<Space> RegenerateAvatarAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var avatarId = Guid.NewGuid();
        return SetAvatarAsync(id, avatarId, AvatarGenerator.Generate(avatarId), ".png", cancellationToken);
    }

    /// <summary>Gives a space a picture of the user's (PNG, JPEG, GIF, WebP or BMP, at most 5 MiB).</summary>
    /// <exception cref="ArgumentException">The bytes are not a supported image.</exception>
    public Task<Space> SetCustomAvatarAsync(Guid id, byte[] image, CancellationToken cancellationToken = default)
    {
        if (image.Length > MaxAvatarBytes)
        {
            throw new ArgumentException("The picture is larger than 5 MiB.", nameof(image));
        }

        var extension = ImageFormat.Detect(image) ?? throw new ArgumentException("The picture must be a PNG, JPEG, GIF, WebP or BMP image.", nameof(image));
        return SetAvatarAsync(id, Guid.NewGuid(), image, extension, cancellationToken);
    }

    /// <summary>Deletes a space; its notes disappear with it (and come back if the space is restored).</summary>
    /// <exception cref="NotFoundException">No visible space has this id.</exception>
    public Task DeleteSpaceAsync(Guid id, CancellationToken cancellationToken = default) =>
        Transactions.WriteAsync(
            (writer, _) =>
            {
                if (NoteReader.FindSpace(writer.Batch, id) is null)
                {
                    throw new NotFoundException($"There is no space with id {id}.");
                }

                return writer.Emit(new DeleteSpace(id), writer.NextTime());
            },
            cancellationToken);

    private async Task<Space> SetAvatarAsync(Guid id, Guid avatarId, byte[] image, string extension, CancellationToken cancellationToken)
    {
        var staged = await Files.StageAsync(image, cancellationToken);
        var path = AvatarPath(avatarId, extension);
        await WriteWithFilesAsync(
            [(staged, path)],
            writer =>
            {
                var space = NoteReader.FindSpace(writer.Batch, id) ?? throw new NotFoundException($"There is no space with id {id}.");
                var time = writer.NextTime();
                writer.Emit(new CreateFile(new FilePayload(avatarId, path, path, time, time, false)), time);
                var spaceTime = writer.NextTime();
                writer.Emit(new UpdateSpace(new SpacePayload(id, space.Name, avatarId, space.CreatedAt, spaceTime, false)), spaceTime);
            },
            cancellationToken);
        return await GetSpaceAsync(id, cancellationToken);
    }

    /// <summary>
    /// Runs a write whose operations name new files: the staged bytes are moved into place before the
    /// commit and removed again if the transaction fails, so no row ever points at missing bytes; a
    /// journal lets the next open remove them if the process dies before the commit.
    /// </summary>
    private async Task WriteWithFilesAsync(
        IReadOnlyList<(StagedFile Staged, string Path)> files,
        Action<LocalWriter> work,
        CancellationToken cancellationToken)
    {
        var committed = new List<string>();
        using var journal = files.Count > 0 ? FileCommitJournal.Begin(Files) : null;
        try
        {
            await Transactions.WriteAsync(
                (writer, _) =>
                {
                    work(writer);
                    foreach (var (staged, path) in files)
                    {
                        journal!.Record(path);
                        Files.Commit(staged, path);
                        committed.Add(path);
                        FaultInjection.Hit("files.moved-in");
                    }

                    FaultInjection.Hit("store.write.before-commit");
                    return 0;
                },
                cancellationToken);
        }
        catch
        {
            foreach (var path in committed)
            {
                Files.Remove(path);
            }

            throw;
        }
        finally
        {
            foreach (var (staged, _) in files)
            {
                FilesFolder.Discard(staged);
            }
        }
    }

    private static string AvatarPath(Guid avatarId, string extension) => $"{avatarId}{extension}";

    private static string ValidateSpaceName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("A space needs a name.", nameof(name));
        }

        if (trimmed.Length > MaxSpaceNameLength)
        {
            throw new ArgumentException($"A space name can have at most {MaxSpaceNameLength} characters.", nameof(name));
        }

        return trimmed;
    }
}
