using System.Text.Json;

namespace Dataans.Contracts.Operations;

public static partial class OperationJson
{
    /// <summary>Writes an operation's payload (the value under its kind tag).</summary>
    private sealed class PayloadWriter(Utf8JsonWriter writer) : IOperationVisitor<bool>
    {
        public bool Visit(CreateNote operation) => WriteNote(operation.Note);

        public bool Visit(UpdateNote operation) => WriteNote(operation.Note);

        public bool Visit(DeleteNote operation) => WriteId(operation.NoteId);

        public bool Visit(CreateFile operation) => WriteFile(operation.File);

        public bool Visit(DeleteFile operation) => WriteId(operation.FileId);

        public bool Visit(CreateSpace operation) => WriteSpace(operation.Space);

        public bool Visit(UpdateSpace operation) => WriteSpace(operation.Space);

        public bool Visit(DeleteSpace operation) => WriteId(operation.SpaceId);

        public bool Visit(SetNoteFiles operation)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(operation.NoteId);
            writer.WriteStartArray();
            foreach (var fileId in operation.FileIds)
            {
                writer.WriteStringValue(fileId);
            }

            writer.WriteEndArray();
            writer.WriteEndArray();
            return true;
        }

        private bool WriteId(Guid id)
        {
            writer.WriteStringValue(id);
            return true;
        }

        private bool WriteNote(NotePayload note)
        {
            writer.WriteStartObject();
            writer.WriteString("id", note.Id);
            writer.WriteString("text", note.Text);
            writer.WriteString("created_at", note.CreatedAt.ToString());
            writer.WriteString("updated_at", note.UpdatedAt.ToString());
            writer.WriteString("space_id", note.SpaceId);
            writer.WriteBoolean("is_deleted", note.IsDeleted);
            if (note.Parents is { } parents)
            {
                writer.WriteStartArray("parents");
                foreach (var parent in parents)
                {
                    writer.WriteStringValue(parent);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            return true;
        }

        private bool WriteSpace(SpacePayload space)
        {
            writer.WriteStartObject();
            writer.WriteString("id", space.Id);
            writer.WriteString("name", space.Name);
            writer.WriteString("avatar_id", space.AvatarId);
            writer.WriteString("created_at", space.CreatedAt.ToString());
            writer.WriteString("updated_at", space.UpdatedAt.ToString());
            writer.WriteBoolean("is_deleted", space.IsDeleted);
            writer.WriteEndObject();
            return true;
        }

        private bool WriteFile(FilePayload file)
        {
            writer.WriteStartObject();
            writer.WriteString("id", file.Id);
            writer.WriteString("name", file.Name);
            writer.WriteString("path", file.Path);
            writer.WriteString("created_at", file.CreatedAt.ToString());
            writer.WriteString("updated_at", file.UpdatedAt.ToString());
            writer.WriteBoolean("is_deleted", file.IsDeleted);
            writer.WriteEndObject();
            return true;
        }
    }
}
