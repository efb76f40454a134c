using System.Globalization;
using System.Text.RegularExpressions;

namespace Dataans.App.Ui.Markdown;

/// <summary>
/// The original app's image resize syntax in the alt text: <c>![=200x300](…)</c> (width and height in
/// pixels), <c>=100x</c> (width only), <c>=x150</c> (height only), <c>=20%</c> (zoom). Anything else is
/// not a size and leaves the image as it is.
/// </summary>
internal static partial class ImageSize
{
    /// <summary>The inline CSS for <paramref name="alt"/>, or null when it is not the resize syntax.</summary>
    public static string? ToStyle(string alt)
    {
        var match = SizeSyntax().Match(alt.Trim());
        if (!match.Success)
        {
            return null;
        }

        if (match.Groups["zoom"].Success)
        {
            return $"zoom: {Number(match.Groups["zoom"].Value)}%";
        }

        var width = match.Groups["width"].Value;
        var height = match.Groups["height"].Value;
        if (width.Length == 0 && height.Length == 0)
        {
            return null;
        }

        var parts = new List<string>(2);
        if (width.Length > 0)
        {
            parts.Add($"width: {Number(width)}px");
        }

        if (height.Length > 0)
        {
            parts.Add($"height: {Number(height)}px");
        }

        return string.Join("; ", parts);
    }

    private static int Number(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? Math.Min(value, 10_000) : 10_000;

    [GeneratedRegex(@"^=(?:(?<zoom>\d{1,6})%|(?<width>\d{0,6})x(?<height>\d{0,6}))$")]
    private static partial Regex SizeSyntax();
}
