using System.Globalization;

namespace Dataans.Figures;

/// <summary>Prints the figures: a headline summary, then every figure grouped by area (the last value of each name wins).</summary>
internal static class FigureReport
{
    public static void Write(IReadOnlyList<Figure> figures, TextWriter output)
    {
        var latest = figures.GroupBy(f => (f.Area, f.Name)).Select(g => g.Last()).ToList();
        output.WriteLine("Dataans reliability figures");
        output.WriteLine();
        WriteHeadline(latest, output);
        foreach (var area in latest.GroupBy(f => f.Area).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine();
            output.WriteLine($"[{area.Key}]");
            var width = area.Max(f => f.Name.Length);
            foreach (var figure in area)
            {
                output.WriteLine($"  {figure.Name.PadRight(width)}  {Format(figure.Value)}{(figure.Unit.Length > 0 ? " " + figure.Unit : "")}");
            }
        }
    }

    private static void WriteHeadline(List<Figure> latest, TextWriter output)
    {
        double Sum(string area, string suffix) =>
            latest.Where(f => f.Area == area && f.Name.EndsWith(suffix, StringComparison.Ordinal)).Sum(f => f.Value);
        double? Find(string area, string name) => latest.FirstOrDefault(f => f.Area == area && f.Name == name)?.Value;
        string Show(double? value, string unit = "") => value is { } v ? Format(v) + unit : "not recorded";

        var injected = Sum("faults", " injected");
        var survived = Sum("faults", " survived");
        output.WriteLine($"  faults injected / survived : {Format(injected)} / {Format(survived)}");
        output.WriteLine($"  requests fuzzed (server)   : {Show(Find("fuzz", "server requests"))}");
        output.WriteLine($"  5xx answers                : {Show(Find("fuzz", "5xx"))}");
        output.WriteLine($"  canary hits (server side)  : {Format(Sum("canary", " hits"))}");
        output.WriteLine($"  soak                       : {Show(Find("soak", "devices"))} devices × {Show(Find("soak", "minutes"))} minutes");
        output.WriteLine($"  server memory growth       : soak {Show(Find("soak", "memory growth %"), " %")}, fuzz {Show(Find("fuzz", "server RSS growth %"), " %")}");
    }

    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
