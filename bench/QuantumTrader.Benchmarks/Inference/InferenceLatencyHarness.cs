using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Benchmarks.Inference;

/// <summary>
/// Per-inference latency distribution of the synthetic stand-in model (p50/p90/p99/p99.9/max) with HdrHistogram:
/// <c>dotnet run -c Release --project bench/QuantumTrader.Benchmarks -- inference-latency [runs]</c>.
/// Each run is timed on its own (back-to-back, no pacing, so no coordinated omission to correct); GC counts
/// and allocated bytes over the measured runs are printed to show there were none.
/// </summary>
public static class InferenceLatencyHarness
{
    /// <summary>Runs the harness and prints the table.</summary>
    public static void Run(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        using var model = OnnxClassifier.Load(BenchModels.DefaultPath, FeatureSchemas.Current, BenchModels.Serving);
        using var ensemble3 = BenchModels.Ensemble(3);
        var vector = BenchModels.Vector();
        var p = new float[3];
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"model: {BenchModels.DefaultPath} ({new FileInfo(BenchModels.DefaultPath).Length} bytes), sha256 {model.Sha256[..16]}…");
        Measure("single model (RunWithBinding)", runs, () => model.TryPredict(vector, p));
        Measure("ensemble of 3 sessions", runs, () => { ensemble3.Evaluate(vector, out _); });
    }

    private static void Measure(string name, int runs, Action action)
    {
        for (var i = 0; i < 20_000; i++)
        {
            action();
        }

        var histogram = new LongHistogram(TimeSpan.TicksPerSecond, 3);
        var gc0 = GC.CollectionCount(0);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            var elapsed = Stopwatch.GetTimestamp() - start;
            histogram.RecordValue(ToNanos(elapsed));
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        gc0 = GC.CollectionCount(0) - gc0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-32} runs {runs}  p50 {Us(histogram, 50)} µs  p90 {Us(histogram, 90)} µs  p99 {Us(histogram, 99)} µs  p99.9 {Us(histogram, 99.9)} µs  max {histogram.GetMaxValue() / 1000.0:F1} µs  gen0 GCs {gc0}  allocated {allocated} B"));
    }

    private static long ToNanos(long ticks) => ticks * 1_000_000_000L / Stopwatch.Frequency;

    private static string Us(LongHistogram h, double percentile) => (h.GetValueAtPercentile(percentile) / 1000.0).ToString("F1", CultureInfo.InvariantCulture);
}
