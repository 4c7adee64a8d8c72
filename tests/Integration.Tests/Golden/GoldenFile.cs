using System.Text;
using System.Text.Json;
using QuantumTrader.Testing;
using Xunit;

namespace QuantumTrader.Integration.Tests.Golden;

/// <summary>
/// Stored expected figures of a scenario (tests/Integration.Tests/Golden/NAME.json, committed): a run's figures
/// are compared with them one by one, and a difference fails with every figure that differs (expected, actual).
/// With QT_UPDATE_GOLDEN=1 the file is rewritten from the run and the test fails saying so, so a rewrite is
/// always a deliberate, reviewed change and CI can never pass by rewriting.
/// </summary>
internal static class GoldenFile
{
    /// <summary>The environment variable that rewrites the golden files instead of comparing.</summary>
    public const string UpdateVariable = "QT_UPDATE_GOLDEN";

    /// <summary>The committed file of scenario <paramref name="name"/> (in the source tree, not the build output).</summary>
    public static string PathOf(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Integration.Tests", "Golden", name + ".json");

    /// <summary>Compares <paramref name="actual"/> with the stored figures of <paramref name="name"/>, or rewrites them.</summary>
    public static void Verify(string name, SortedDictionary<string, string> actual)
    {
        var path = PathOf(name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, Serialize(actual));
            Assert.Fail($"{UpdateVariable}=1: rewrote {path} from this run; review the diff, commit it, and run again without {UpdateVariable}");
        }

        Assert.True(File.Exists(path), $"no golden file {path}: run once with {UpdateVariable}=1 to write it (see Golden/README.md)");
        var expected = Parse(File.ReadAllText(path));
        var diff = Diff(expected, actual);
        Assert.True(diff.Length == 0, $"{name}: the run differs from {path} (regenerate on purpose with {UpdateVariable}=1, see Golden/README.md):\n{diff}");
    }

    /// <summary>Every figure that differs, one line each: "figure: expected X, actual Y" (empty when equal).</summary>
    public static string Diff(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        var lines = new StringBuilder();
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var e = expected.TryGetValue(key, out var ev) ? ev : "(absent)";
            var a = actual.TryGetValue(key, out var av) ? av : "(absent)";
            if (e != a)
            {
                lines.Append("  ").Append(key).Append(": expected ").Append(e).Append(", actual ").Append(a).Append('\n');
            }
        }

        return lines.ToString();
    }

    /// <summary>The figures as an indented JSON object of strings, keys in ordinal order, one per line.</summary>
    public static string Serialize(SortedDictionary<string, string> figures)
    {
        var ordered = new SortedDictionary<string, string>(figures, StringComparer.Ordinal);
        return JsonSerializer.Serialize(ordered, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>The figures of a golden file.</summary>
    public static Dictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? throw new InvalidDataException("golden file is not a JSON object");
}
