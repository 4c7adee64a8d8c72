using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;

namespace QuantumTrader.Benchmarks.Journal;

/// <summary>
/// Cost of the journal stage per slot: a market-data slot (one input record) and a slot that carries a
/// full approved decision chain (six records: input, signal, intent, sizing, gate verdict, order request).
/// 200,000 invocations per iteration stay inside one pre-faulted 2 GiB segment.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[InvocationCount(200_000)]
public class JournalStageBenchmarks
{
    private string _dir = "";
    private JournalWriter _writer = null!;
    private JournalStage _stage = null!;
    private InputEvent _tick;
    private InputEvent _order;

    /// <summary>Opens the writer and builds the two slots.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = JournalBenchmarkDirectory.Create("stage");
        _writer = JournalWriter.Open(new JournalOptions { Directory = _dir, SegmentSize = 2L * 1024 * 1024 * 1024, SchemaFingerprint = JournalSchema.Fingerprint },
            MonotonicClock.Instance);
        _stage = new JournalStage(_writer, 1);
        _tick = new InputEvent
        {
            Kind = InputKind.Trade,
            Venue = Venue.BinanceUsdM,
            ExchangeTimeNs = 1_700_000_000_000_000_000,
            Price = new Price(6_500_000_000_000),
            Quantity = new Quantity(1_000_000),
            Valid = true,
        };
        _order = _tick;
        _order.Inferred = true;
        _order.ProbBuy = 0.8f;
        _order.SignalSide = Side.Buy;
        _order.Confidence = 0.8f;
        _order.OrderQuantity = new Quantity(300_000);
        _order.Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry;
        _order.OrderSide = Side.Buy;
        _order.Approved = true;
    }

    /// <summary>Closes and deletes the journal.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        JournalBenchmarkDirectory.Delete(_dir);
    }

    /// <summary>A market-data slot: one input record.</summary>
    [Benchmark(Baseline = true)]
    public long MarketDataSlot()
    {
        _stage.OnEvent(ref _tick, 0, true);
        return _tick.JournalSequence;
    }

    /// <summary>A slot with an approved order: six records.</summary>
    [Benchmark]
    public long ApprovedOrderSlot()
    {
        _stage.OnEvent(ref _order, 0, true);
        return _order.JournalSequence;
    }
}
