namespace Dataans.Reliability.Tests.Access;

/// <summary>Collects many named checks so that one run reports every broken one, and counts them for the figures.</summary>
internal sealed class Checks(string scope)
{
    private readonly List<string> _failures = [];

    public int Count { get; private set; }

    public void That(bool condition, string what)
    {
        Count++;
        if (!condition)
        {
            _failures.Add($"{scope}: {what}");
        }
    }

    public void Equal<T>(T expected, T actual, string what) => That(EqualityComparer<T>.Default.Equals(expected, actual), $"{what}: expected {expected}, got {actual}");

    public void AssertAll() => Assert.True(_failures.Count == 0, string.Join("\n", _failures));
}
