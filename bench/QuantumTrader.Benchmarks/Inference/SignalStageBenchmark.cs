using BenchmarkDotNet.Attributes;
using QuantumTrader.Model;
using QuantumTrader.Stages.Signal;

namespace QuantumTrader.Benchmarks.Inference;

/// <summary>Cost of the signal stage per slot: a slot without inference, and an inference that passes every rule.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class SignalStageBenchmark
{
    private SignalStage _stage = null!;
    private InputEvent _market;
    private InputEvent _inferred;
    private long _time;

    /// <summary>Creates the stage with every rule on (3 symbols, one open position, a correlation matrix).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var correlations = new CorrelationMatrix(3);
        correlations.Set(0, 2, 0.3);
        _stage = new SignalStage(new SignalOptions { SymbolCooldownNs = 0, MaxSignalsPerMinute = 100_000 }, 3, new OnePosition(), correlations);
        var mark = new InputEvent { Kind = InputKind.MarkPrice, Valid = true, Price = new Price(100), Aux0 = 10_000 };
        _stage.OnEvent(ref mark, 0, true);
        _market = new InputEvent { Kind = InputKind.Trade, Valid = true };
        _inferred = new InputEvent { Kind = InputKind.Trade, Inferred = true, EnsembleSide = Side.Buy, ProbBuy = 0.8f, ProbHold = 0.1f, ProbSell = 0.1f, Consensus = 2 };
    }

    /// <summary>A market slot with no inference: clear the section and return.</summary>
    [Benchmark(Baseline = true)]
    public Side NoInference()
    {
        _stage.OnEvent(ref _market, 1, true);
        return _market.SignalSide;
    }

    /// <summary>An inference that passes every rule and becomes a signal.</summary>
    [Benchmark]
    public Side PassingInference()
    {
        _inferred.Inferred = true;
        _inferred.InferenceTimeNs = _time += 1_000_000_000L;
        _stage.OnEvent(ref _inferred, 2, true);
        return _inferred.SignalSide;
    }

    private sealed class OnePosition : IPositionView
    {
        public bool IsOpen(ushort symbolId) => symbolId == 2;

        public long LastCloseTimeNs(ushort symbolId) => 0;
    }
}
