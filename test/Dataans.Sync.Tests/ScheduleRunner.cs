using Dataans.Core.Model;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// Plays a <see cref="Schedule"/> on real devices and remembers, as the user would, what each change
/// was: the expectations the converged state is checked against. A change picks its space or note
/// among those visible on the acting device; when there is none it does nothing.
/// </summary>
internal sealed class ScheduleRunner(IReadOnlyList<Device> devices)
{
    private int _names;

    public Dictionary<Guid, ExpectedSpace> Spaces { get; } = [];

    public Dictionary<Guid, ExpectedNote> Notes { get; } = [];

    /// <summary>How many steps of each kind did something (a change needs a visible target).</summary>
    public Dictionary<StepKind, int> Performed { get; } = [];

    public async Task RunAsync(Step step)
    {
        var device = devices[step.Device];
        switch (step.Kind)
        {
            case StepKind.Sync:
                await device.SyncAsync();
                break;
            case StepKind.SyncRepeatedly:
                for (var i = 0; i < 2 + (step.Argument % 2); i++)
                {
                    await device.SyncAsync();
                }

                break;
            case StepKind.SyncTogether:
                await Task.WhenAll(Task.Run(() => device.SyncAsync()), Task.Run(() => devices[step.Other].SyncAsync()));
                break;
            case StepKind.SyncVerify:
                await device.SyncAsync(new SyncOptions(Verify: true));
                break;
            case StepKind.SyncV1:
                await device.SyncAsync(new SyncOptions(SyncProtocol.V1));
                break;
            default:
                if (!await ChangeAsync(step, device))
                {
                    return;
                }

                break;
        }

        Performed[step.Kind] = Performed.GetValueOrDefault(step.Kind) + 1;
    }

    private async Task<bool> ChangeAsync(Step step, Device device)
    {
        var spaces = await device.Store.ListSpacesAsync();
        var space = spaces.Count == 0 ? null : spaces[step.Target % spaces.Count];
        switch (step.Kind)
        {
            case StepKind.CreateSpace:
                var created = await device.Store.CreateSpaceAsync(NextName("space", step));
                Spaces[created.Id] = new ExpectedSpace(created.Name);
                break;
            case StepKind.CreateNote when space is not null:
                await CreateNoteAsync(step, device, space.Id, []);
                break;
            case StepKind.CreateNoteWithFiles when space is not null:
                await CreateNoteAsync(step, device, space.Id, Attachments(step.Argument));
                break;
            case StepKind.EditNote when await PickNoteAsync(device, space, step.Target) is { } note:
                var text = NextName("edit", step);
                await device.Store.UpdateNoteAsync(note, text);
                Notes[note].Edits.Add((step.Device, text));
                break;
            case StepKind.DeleteNote when await PickNoteAsync(device, space, step.Target) is { } note:
                await device.Store.DeleteNoteAsync(note);
                Notes[note].IsDeleted = true;
                break;
            case StepKind.DeleteSpace when space is not null:
                await device.Store.DeleteSpaceAsync(space.Id);
                Spaces[space.Id].IsDeleted = true;
                break;
            case StepKind.RenameSpace when space is not null:
                var name = NextName("renamed", step);
                await device.Store.RenameSpaceAsync(space.Id, name);
                Spaces[space.Id].Renames.Add((step.Device, name));
                break;
            default:
                return false;
        }

        return true;
    }

    private async Task CreateNoteAsync(Step step, Device device, Guid spaceId, IReadOnlyList<(string Name, byte[] Bytes)> files)
    {
        var sources = files.Select(file => new AttachmentSource(file.Name, _ => Task.FromResult<Stream>(new MemoryStream(file.Bytes)))).ToList();
        var note = await device.Store.CreateNoteAsync(spaceId, NextName("note 東京で会議", step), sources);
        Notes[note.Id] = new ExpectedNote(spaceId, note.Text, note.Files.Select((file, i) => (file.Id, files[i].Bytes)).ToList());
    }

    /// <summary>One to three small files with random bytes (reproducible from the step's argument).</summary>
    private static List<(string Name, byte[] Bytes)> Attachments(int argument)
    {
        var random = new Random(argument);
        return Enumerable.Range(0, 1 + (argument % 3)).Select(i =>
        {
            var bytes = new byte[random.Next(0, 6000)];
            random.NextBytes(bytes);
            return (i == 1 ? $"レポート {argument}.txt" : $"file-{argument}-{i}.bin", bytes);
        }).ToList();
    }

    private static async Task<Guid?> PickNoteAsync(Device device, Space? space, int target)
    {
        if (space is null)
        {
            return null;
        }

        var notes = await device.Store.ListNotesAsync(space.Id, 100);
        return notes.Count == 0 ? null : notes[target % notes.Count].Id;
    }

    private string NextName(string prefix, Step step) => $"{prefix} {++_names} by d{step.Device}";
}

internal sealed class ExpectedSpace(string name)
{
    public string Name => name;

    public List<(int Device, string Name)> Renames { get; } = [];

    public bool IsDeleted { get; set; }

    /// <summary>The name the space must show, when only one device renamed it (its last rename); null if several did.</summary>
    public string? SettledName => Renames.Select(rename => rename.Device).Distinct().Count() switch
    {
        0 => name,
        1 => Renames[^1].Name,
        _ => null,
    };
}

internal sealed class ExpectedNote(Guid spaceId, string text, IReadOnlyList<(Guid Id, byte[] Bytes)> files)
{
    public Guid SpaceId => spaceId;

    public string Text => text;

    public IReadOnlyList<(Guid Id, byte[] Bytes)> Files => files;

    public List<(int Device, string Text)> Edits { get; } = [];

    public bool IsDeleted { get; set; }

    /// <summary>Edits from one device form a chain (its clock only moves forward): the last one wins, with no conflict.</summary>
    public bool HasSingleEditor => Edits.Select(edit => edit.Device).Distinct().Count() <= 1;

    public string SettledText => Edits.Count == 0 ? text : Edits[^1].Text;
}
