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
        output.WriteLine($"  faults injected / survived  : {Format(injected)} / {Format(survived)}");
        output.WriteLine($"  client crash points survived: {Format(latest.Count(f => f.Area == "crash" && f.Name.EndsWith(" survived", StringComparison.Ordinal)))}");
        output.WriteLine($"  requests fuzzed (server)    : {Show(Find("fuzz", "server requests"))} on SQLite, {Show(Find("fuzz", "PostgreSQL + S3 server requests"))} on PostgreSQL + S3, "
            + $"{Show(Find("fuzz", "oidc mode server requests"))} + {Show(Find("fuzz", "cloudflare mode server requests"))} in oidc + cloudflare modes");
        output.WriteLine($"  5xx answers                 : {Show(Find("fuzz", "5xx"))} on SQLite, {Show(Find("fuzz", "PostgreSQL + S3 5xx"))} on PostgreSQL + S3, "
            + $"{Show(Find("fuzz", "oidc mode 5xx"))} + {Show(Find("fuzz", "cloudflare mode 5xx"))} in oidc + cloudflare modes");
        var localCases = new[] { "import cases", "profile cases", "app config cases", "server configuration cases", "app command-line cases" }.Sum(name => Find("fuzz", name) ?? 0);
        var localProblems = latest.Where(f => f.Area == "fuzz" && (f.Name.Contains("unexpected", StringComparison.Ordinal) || f.Name.Contains("unclear", StringComparison.Ordinal))).Sum(f => f.Value);
        output.WriteLine($"  local inputs fuzzed         : {Format(localCases)} (import, profile, config, command line); {Format(localProblems)} unexpected");
        output.WriteLine($"  canary hits (server side)   : {Format(Sum("canary", " hits"))}; with a stolen token {Show(Find("access", "canary hits with a stolen token"))}");
        output.WriteLine($"  XSS script executions       : {Format(latest.Where(f => f.Area == "xss" && f.Name.StartsWith("script executions", StringComparison.Ordinal)).Sum(f => f.Value))}");
        output.WriteLine($"  unexpected access grants    : {Show(Find("access", "unexpected grants"))}");
        output.WriteLine($"  soak                        : {Show(Find("soak", "devices"))} devices × {Show(Find("soak", "minutes"))} minutes");
        output.WriteLine($"  server memory growth        : soak {Show(Find("soak", "memory growth %"), " %")}, fuzz {Show(Find("fuzz", "server RSS growth %"), " %")}");
    }

    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
