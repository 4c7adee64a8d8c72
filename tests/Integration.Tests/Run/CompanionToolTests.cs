using System.Text.Json;
using QuantumTrader.Integration.Tests.Capture;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

/// <summary>
/// `quantumtrader train|bench` run the companion executables (quantumtrader-train, quantumtrader-bench) as child
/// processes; the trading binary itself depends on neither ML.NET nor the harnesses.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CompanionToolTests
{
    [Fact]
    public void Bench_ThroughTheHost_RunsTheBenchToolWithTheSameArgumentsAndExitCode()
    {
        // The message and the exit code come from quantumtrader-bench's own argument check.
        var (exit, _, stderr) = CaptureProcess.Run(60_000, "bench", "engine", "--seconds", "0");
        Assert.Equal(1, exit);
        Assert.Contains("bench engine: --seconds must be at least 1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainHelp_ThroughTheHost_IsTheTrainToolsHelp()
    {
        var (exit, stdout, stderr) = CaptureProcess.Run(60_000, "train", "--help");
        Assert.True(exit == 0, stderr);
        Assert.Contains("quantumtrader-train train [options]", stdout, StringComparison.Ordinal);
        Assert.Contains("--allow-weak", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TradingBinary_DependsOnNeitherMlNetNorTheBenchmarkHarness()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "quantumtrader.deps.json")));
        var target = deps.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString()!;
        var libraries = deps.RootElement.GetProperty("targets").GetProperty(target);
        string? self = null;
        foreach (var lib in libraries.EnumerateObject())
        {
            if (lib.Name.StartsWith("quantumtrader/", StringComparison.Ordinal))
            {
                self = lib.Name;
            }
        }

        Assert.NotNull(self);

        // Every package the trading binary loads, transitively.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([self!]);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (!seen.Add(name) || !libraries.TryGetProperty(name, out var lib) || !lib.TryGetProperty("dependencies", out var dependencies))
            {
                continue;
            }

            foreach (var d in dependencies.EnumerateObject())
            {
                queue.Enqueue($"{d.Name}/{d.Value.GetString()}");
            }
        }

        var names = seen.Select(n => n[..n.IndexOf('/', StringComparison.Ordinal)]).ToList();
        Assert.Contains("QuantumTrader.Runtime", names);          // the walk found the real graph
        Assert.Contains("Microsoft.ML.OnnxRuntime", names);       // inference is part of trading
        Assert.DoesNotContain("Microsoft.ML", names);             // training is not
        Assert.DoesNotContain("Microsoft.ML.LightGbm", names);
        Assert.DoesNotContain("quantumtrader-train", names);
        Assert.DoesNotContain("quantumtrader-bench", names);
        Assert.DoesNotContain("BenchmarkDotNet", names);
    }
}
