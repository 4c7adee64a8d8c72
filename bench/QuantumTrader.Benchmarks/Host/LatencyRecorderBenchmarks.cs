using BenchmarkDotNet.Attributes;
using QuantumTrader.Runtime.Metrics;

namespace QuantumTrader.Benchmarks.Host;

/// <summary>
/// Cost of recording one latency sample, plain and with coordinated-omission correction; MemoryDiagnoser
/// proves recording allocates nothing. Baseline: HdrHistogram's own RecordValue through the wrapper.
/// </summary>
[MemoryDiagnoser]
public class LatencyRecorderBenchmarks
{
    private const int Samples = 1024;
    private readonly long[] _values = new long[Samples];
    private LatencyRecorder _recorder = null!;

    /// <summary>Pre-computes a spread of values (100 ns .. ~1 ms) so the loop measures recording only.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _recorder = new LatencyRecorder();
        var x = 12345L;
        for (var i = 0; i < Samples; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L; // fixed LCG: deterministic inputs
            _values[i] = 100 + ((x >>> 20) % 1_000_000);
        }
    }

    /// <summary>Records 1024 values.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public void Record()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            _recorder.Record(_values[i]);
        }
    }

    /// <summary>Records 1024 values with a 1 ms expected interval (no back-fill needed: values are below it).</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public void RecordWithExpectedInterval()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            _recorder.Record(_values[i], 1_000_100);
        }
    }
}
