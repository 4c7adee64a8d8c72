using BenchmarkDotNet.Attributes;
using QuantumTrader.Runtime.Live;
using QuantumTrader.Model;

namespace QuantumTrader.Benchmarks.Host;

/// <summary>
/// The per-event work `run --live` adds between a market connection and the ring: the connection's task
/// enqueues into its SPSC queue, the feed thread dequeues and follows the feed state. One operation = 1,000
/// events (one thread plays both sides, so this is the cost of the code, not of the cross-core hand-off).
/// Run: <c>dotnet run -c Release --project bench/QuantumTrader.Benchmarks -- --filter '*LiveFeedPathBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class LiveFeedPathBenchmarks
{
    private const int Batch = 1_000;
    private QueueSink _queue = null!;
    private FeedStateTracker _tracker = null!;
    private InputEvent _trade;
    private InputEvent _state;

    /// <summary>Builds the queue and the tracker.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _queue = new QueueSink(1 << 14);
        _tracker = new FeedStateTracker(4);
        _trade = new InputEvent { Kind = InputKind.Trade, SymbolId = 1 };
        _state = new InputEvent { Kind = InputKind.FeedState, SymbolId = 2, Code = (ushort)FeedStateCode.BookInSync };
    }

    /// <summary>1,000 events through queue and tracker.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long EnqueueDequeueObserve()
    {
        long n = 0;
        for (var i = 0; i < Batch; i++)
        {
            _queue.Publish((i & 15) == 0 ? _state : _trade);
            if (_queue.TryTake(out var e))
            {
                _tracker.Observe(e);
                n += e.SymbolId;
            }
        }

        return n;
    }
}
