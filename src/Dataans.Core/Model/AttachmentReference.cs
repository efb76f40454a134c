namespace Dataans.Core.Model;

/// <summary>
/// How a note's Markdown names one of its own attachments in an image or link destination: by the
/// file's name (URL-encoded or not, e.g. <c>site%20plan.png</c>), its stored name, its id, or its stored
/// name without the extension. The UI shows such images from the files folder; a Markdown export points
/// them at the exported copy. Thread-safe (pure).
/// </summary>
public static class AttachmentReference
{
    /// <summary>True when <paramref name="destination"/> names the file with this id, name and stored name.</summary>
    public static bool Names(string destination, Guid id, string name, string storedName)
    {
        var wanted = Unescape(destination.Trim());
        return string.Equals(name, wanted, StringComparison.Ordinal)
            || string.Equals(storedName, wanted, StringComparison.Ordinal)
            || string.Equals(id.ToString(), wanted, StringComparison.OrdinalIgnoreCase)
            || (storedName.Length > 0 && string.Equals(Path.GetFileNameWithoutExtension(storedName), wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
