using System.Collections.Concurrent;
using Dataans.Core.Model;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// Renders a note's Markdown (GFM tables, task lists, strikethrough, autolinks, highlighted code,
/// images from the note's attachments with the resize syntax) to sanitized HTML. Raw HTML in a note is
/// shown as text. Remote images are not loaded (a link is shown instead), so opening a note never
/// contacts another server. Results are cached per note version. Thread-safe.
/// </summary>
internal sealed class NoteRenderer
{
    private const int MaxCached = 4000;
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = HtmlPolicy.Create();
    private readonly ConcurrentDictionary<(Guid Id, long Updated, int Files), string> _cache = new();

    public string Render(Note note)
    {
        var key = (note.Id, note.UpdatedAt.UnixNanoseconds, FilesKey(note.Files));
        if (_cache.TryGetValue(key, out var html))
        {
            return html;
        }

        html = ToHtml(note.Text, name => ResolveAttachment(note, name));
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[key] = html;
        return html;
    }

    /// <param name="resolveImage">Maps an image URL to a local URL, or null when it names no attachment.</param>
    internal string ToHtml(string markdown, Func<string, string?> resolveImage)
    {
        var document = Markdig.Markdown.Parse(markdown, _pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(link => link.IsImage).ToList())
        {
            RewriteImage(image, resolveImage);
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<CodeBlockRenderer>(new HighlightedCodeBlockRenderer());
        renderer.Render(document);
        writer.Flush();
        return _sanitizer.Sanitize(writer.ToString());
    }

    private static void RewriteImage(LinkInline image, Func<string, string?> resolveImage)
    {
        var url = image.Url ?? string.Empty;
        var alt = AltText(image);
        if (resolveImage(url) is { } local)
        {
            image.Url = local;
            if (ImageSize.ToStyle(alt) is { } style)
            {
                image.GetAttributes().AddProperty("style", style);
                SetText(image, Path.GetFileName(url));
            }

            return;
        }

        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Not loaded automatically: a link to the picture instead.
            image.IsImage = false;
            SetText(image, "Image: " + url);
            image.GetAttributes().AddClass("remote-image");
            return;
        }

        image.ReplaceBy(new LiteralInline($"[image not found: {url}]"));
    }

    private static string AltText(ContainerInline container) =>
        string.Concat(container.Descendants<LiteralInline>().Select(literal => literal.Content.ToString()));

    private static void SetText(ContainerInline container, string text)
    {
        while (container.FirstChild is { } child)
        {
            child.Remove();
        }

        container.AppendChild(new LiteralInline(text));
    }

    private static string? ResolveAttachment(Note note, string url)
    {
        foreach (var file in note.Files)
        {
            if (AttachmentReference.Names(url, file.Id, file.Name, file.Path))
            {
                // The status in the address makes the browser fetch again once a synced file has arrived.
                return $"/files/{note.Id}/{file.Id}?s={(int)file.Status}";
            }
        }

        return null;
    }

    private static int FilesKey(IReadOnlyList<FileAttachment> files)
    {
        var hash = new HashCode();
        foreach (var file in files)
        {
            hash.Add(file.Id);
            hash.Add(file.Name);
            hash.Add(file.Status);
        }

        return hash.ToHashCode();
    }
}
