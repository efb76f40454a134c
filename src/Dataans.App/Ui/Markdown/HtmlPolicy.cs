using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using Ganss.Xss;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// The last line of defence for rendered notes: an allow-list sanitizer. No script, no event handlers,
/// no <c>javascript:</c> or other non-web URLs, no forms; links open in a new tab without an opener.
/// Raw HTML is never parsed from a note, so every <c>input</c> is a task-list checkbox: it becomes a
/// plain checkbox of class <c>task</c>, which the timeline turns into an edit of the note (TaskToggle).
/// </summary>
internal static class HtmlPolicy
{
    public static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        Replace(sanitizer.AllowedTags,
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "s", "code", "pre",
            "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "input",
            "span", "div", "button", "mark");
        Replace(sanitizer.AllowedAttributes,
            "href", "src", "alt", "title", "class", "style", "start", "type", "checked", "disabled", "aria-label", "loading");
        Replace(sanitizer.AllowedSchemes, "http", "https", "mailto");
        Replace(sanitizer.AllowedCssProperties, "width", "height", "zoom", "text-align");
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowDataAttributes = false;
        // A link to a blocked scheme keeps its text but not its target; the reader learns why on hover.
        var blockedTargets = new ConditionalWeakTable<IElement, string>();
        sanitizer.RemovingAttribute += (_, args) =>
        {
            if (args is { Reason: RemoveReason.NotAllowedUrlValue, Tag.LocalName: "a", Attribute.Name: "href" })
            {
                blockedTargets.AddOrUpdate(args.Tag, args.Attribute.Value);
            }
        };
        sanitizer.PostProcessNode += (_, args) =>
        {
            if (args.Node is not IElement element)
            {
                return;
            }

            switch (element.LocalName)
            {
                case "a" when blockedTargets.TryGetValue(element, out var target):
                    element.SetAttribute("class", "blocked-link");
                    element.SetAttribute("title", BlockedLinkTitle(target));
                    break;
                case "a":
                    element.SetAttribute("target", "_blank");
                    element.SetAttribute("rel", "noopener noreferrer");
                    break;
                case "input":
                    element.SetAttribute("type", "checkbox");
                    element.RemoveAttribute("disabled");
                    element.SetAttribute("class", "task");
                    element.SetAttribute("aria-label", element.HasAttribute("checked") ? "Done: untick" : "To do: tick");
                    break;
                case "button":
                    element.SetAttribute("type", "button");
                    break;
                case "img":
                    element.SetAttribute("loading", "lazy");
                    break;
            }
        };
        return sanitizer;
    }

    /// <summary>The hover text of a link whose target was removed: the target (shortened) and why.</summary>
    internal static string BlockedLinkTitle(string target)
    {
        var shown = new string([.. target.Where(c => !char.IsControl(c)).Take(120)]);
        return $"Not a link: only http, https and mailto addresses open. It pointed to {shown}{(target.Length > 120 ? "…" : string.Empty)}";
    }

    private static void Replace(ISet<string> set, params string[] values)
    {
        set.Clear();
        set.UnionWith(values);
    }
}
