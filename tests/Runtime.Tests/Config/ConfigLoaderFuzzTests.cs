using System.Text;
using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class ConfigLoaderFuzzTests
{
    private const string Alphabet = "[]{}=\"'.,#\n ab_0123456789-+eEinfnatrue";

    [Fact]
    public void LoadText_RandomlyMutatedFiles_NeverThrowAndAlwaysExplain()
    {
        var options = new ConfigLoadOptions { ProcessorCount = 4 };
        var random = new Random(20261124); // seeded: the same mutations on every run
        var valid = ConfigFixtures.Valid;
        var invalid = 0;
        for (var run = 0; run < 400; run++)
        {
            var text = new StringBuilder(valid);
            var edits = 1 + random.Next(4);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(1 + random.Next(6), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    default:
                        text[at] = Alphabet[random.Next(Alphabet.Length)];
                        break;
                }
            }

            var mutated = text.ToString();
            var result = ConfigLoader.LoadText(mutated, "fuzz.toml", options);

            Assert.Equal(result.IsValid, result.Errors.Count == 0);
            if (!result.IsValid)
            {
                invalid++;
                var lines = mutated.Split('\n').Length;
                Assert.All(result.Errors, error =>
                {
                    Assert.False(string.IsNullOrEmpty(error.Key), mutated);
                    Assert.False(string.IsNullOrEmpty(error.Message), mutated);
                    // Line 0 only for a required section absent from the file: there is no line to point at.
                    Assert.InRange(error.Line, error.Message.StartsWith("missing", StringComparison.Ordinal) ? 0 : 1, lines);
                });
            }
        }

        Assert.True(invalid > 100, $"only {invalid} of 400 mutations were invalid: the fuzzer is not exercising errors");
    }
}
