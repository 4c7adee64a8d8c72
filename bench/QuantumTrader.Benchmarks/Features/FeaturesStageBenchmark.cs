using BenchmarkDotNet.Attributes;
using QuantumTrader.Stages.Features;
using QuantumTrader.Model;

namespace QuantumTrader.Benchmarks.Features;

/// <summary>
/// Cost per event of the features stage on the synthetic market (trades, bookTicker, markPrice; 2 symbols,
/// 1 m candles, warm indicators), against a baseline that only copies the event into the slot.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class FeaturesStageBenchmark
{
    private const int EventsPerInvoke = 10_000;

    private EventTape _tape = null!;
    private FeaturesStage _stage = null!;
    private InputEvent _slot;

    /// <summary>Generates the tape and warms the indicators up (EMA 200 needs 200 candles).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _tape = new EventTape(86_400);
        _stage = new FeaturesStage(QuantumTrader.Testing.Inference.DefaultModelServing.Options, 2);
        for (var i = 0; i < _tape.Length; i++)
        {
            _tape.Next(ref _slot);
            _stage.OnEvent(ref _slot, i, true);
        }
    }

    /// <summary>Baseline: copy the event into the slot only.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public bool CopyOnly()
    {
        for (var i = 0; i < EventsPerInvoke; i++)
        {
            _tape.Next(ref _slot);
        }

        return _slot.Valid;
    }

    /// <summary>Copy plus the features stage.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public bool FeaturesStage()
    {
        var ready = false;
        for (var i = 0; i < EventsPerInvoke; i++)
        {
            _tape.Next(ref _slot);
            _stage.OnEvent(ref _slot, i, true);
            ready |= _slot.FeaturesReady;
        }

        return ready;
    }
}
