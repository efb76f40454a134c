using System.Text.Json;

namespace Dataans.Figures;

/// <summary>One recorded figure: a line of the figures file written by the reliability tests.</summary>
internal sealed record Figure(string Area, string Name, double Value, string Unit)
{
    /// <summary>Reads the figures file; lines that are not figures are reported and skipped.</summary>
    public static IReadOnlyList<Figure> ReadAll(string path, TextWriter warnings)
    {
        var figures = new List<Figure>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (TryParse(line) is { } figure)
            {
                figures.Add(figure);
            }
            else
            {
                warnings.WriteLine($"{path}:{lineNumber}: not a figure, skipped");
            }
        }

        return figures;
    }

    private static Figure? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("area", out var area) && area.ValueKind == JsonValueKind.String
                && root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number
                ? new Figure(area.GetString()!, name.GetString()!, value.GetDouble(),
                    root.TryGetProperty("unit", out var unit) && unit.ValueKind == JsonValueKind.String ? unit.GetString()! : "")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
