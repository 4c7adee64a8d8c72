using QuantumTrader.Engine.Threading;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Gateway.Binance.WebSocket;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Live;

// Design:
//   Binance serves depth/bookTicker/trade on /public and aggTrade/markPrice/kline on /market, so a live feed is
//   one BinanceMarketStream per route. Each runs on its own task and owns its parser and books; each publishes
//   into its own SPSC queue (QueueSink). The feed thread (the run's calling thread) drains the queues in turn
//   and is the one producer into the downstream sink: the simulated exchange sees every market event from one
//   thread, and the ring keeps a single market-data producer. The merge order of the two connections is the
//   arrival order at the feed thread; the journal records it, so a replay of the journal decides the same.
//   The feed thread also follows the feed state (connects, stale, book sync) per symbol. Reference prices are
//   not kept here: the ingest stage owns them and every order request carries the one it was decided at.

/// <summary>Live Binance market data: the configured streams of every instrument, merged into one sink.</summary>
public sealed class LiveFeed : IAsyncDisposable
{
    private const int QueueCapacity = 1 << 14;

    private readonly List<BinanceMarketStream> _streams = new();
    private readonly List<QueueSink> _queues = new();
    private readonly BinanceRestClient _snapshots;
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);

    // Idle: spin briefly, then yield the core (never a 1 ms sleep: that would sit in the tick-to-route latency).
    private readonly IIdleStrategy _idle;
    private long _events;
    private int _disposed;

    /// <summary>Creates the connections (not started).</summary>
    /// <param name="binance">The [binance] section.</param>
    /// <param name="instruments">The instruments; every one is subscribed.</param>
    /// <param name="clock">Receive-time clock (the run's latency clock).</param>
    /// <param name="idle">How the feed loop waits when every queue is empty (one instance for this feed);
    /// default: spin, then yield, never sleep.</param>
    public LiveFeed(BinanceSection binance, InstrumentRegistry instruments, IClock clock, IIdleStrategy? idle = null)
    {
        ArgumentNullException.ThrowIfNull(binance);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(clock);
        Instruments = instruments;
        _idle = idle ?? new BackoffIdleStrategy(allowSleep: false);
        State = new FeedStateTracker(instruments.Count);

        // Public endpoints only: the snapshot client never holds the keys.
        _snapshots = new BinanceRestClient(new Uri(binance.RestBase), null, EpochClock.Instance);
        var staleAfter = TimeSpan.FromTicks(binance.StaleAfterNs() / 100);
        var seed = 1;
        foreach (var (route, streams) in MarketStreams.Plan(binance.Streams, instruments))
        {
            var queue = new QueueSink(QueueCapacity);
            _queues.Add(queue);
            _streams.Add(new BinanceMarketStream(
                new MarketStreamOptions { WebSocketBase = new Uri(binance.WsBase), Route = route, Streams = streams, StaleAfter = staleAfter, JitterSeed = seed++ },
                instruments,
                queue,
                clock,
                FetchSnapshotAsync));
        }
    }

    /// <summary>The instruments subscribed.</summary>
    public InstrumentRegistry Instruments { get; }

    /// <summary>Feed state per symbol, as seen by the feed thread.</summary>
    public FeedStateTracker State { get; }

    /// <summary>The connections.</summary>
    public IReadOnlyList<BinanceMarketStream> Streams => _streams;

    /// <summary>Events passed downstream so far.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>WebSocket messages received by all connections (parsed or rejected).</summary>
    public long Frames
    {
        get
        {
            long n = 0;
            foreach (var s in _streams)
            {
                var p = s.Pump.Parser;
                for (var k = FrameKind.Trade; k <= FrameKind.Ignored; k++)
                {
                    n += k == FrameKind.DepthSnapshot ? 0 : p.CountOf(k);
                }

                n += p.TotalErrors;
            }

            return n;
        }
    }

    /// <summary>Messages rejected by the parsers (malformed, unknown symbol, bad numbers…).</summary>
    public long Rejected => Sum(s => s.Pump.Parser.TotalErrors);

    /// <summary>Successful (re)connections of all connections.</summary>
    public long Connects => Sum(s => s.Connects);

    /// <summary>Times a watchdog found a connection or a symbol stale.</summary>
    public long StaleEvents => Sum(s => s.StaleEvents);

    /// <summary>REST depth snapshots applied to the books.</summary>
    public long Snapshots => Sum(s => s.Pump.Parser.CountOf(FrameKind.DepthSnapshot));

    /// <summary>REST depth snapshots requested by all connections (applied or not; each costs 20 request weight).</summary>
    public long SnapshotRequests => Sum(s => s.SnapshotRequests);

    /// <summary>Times a connection's queue was full and its socket task waited.</summary>
    public long Backpressure
    {
        get
        {
            long n = 0;
            foreach (var q in _queues)
            {
                n += q.Waits;
            }

            return n;
        }
    }

    /// <summary>The last connection error of any connection (diagnostics), null when none.</summary>
    public string? LastError
    {
        get
        {
            foreach (var s in _streams)
            {
                if (s.LastError is { } e)
                {
                    return e;
                }
            }

            return null;
        }
    }

    /// <summary>Opens the connections.</summary>
    public void Start()
    {
        foreach (var s in _streams)
        {
            s.Start();
        }
    }

    /// <summary>
    /// The feed loop, on the calling thread: drains every connection's queue into <paramref name="sink"/> until
    /// <paramref name="stop"/> says so (checked between batches) or <paramref name="maxEvents"/> events have passed.
    /// </summary>
    /// <returns>Events passed to <paramref name="sink"/>.</returns>
    public long Run(IInputSink sink, Func<bool> stop, long maxEvents)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(stop);
        _idle.Reset();
        var events = 0L;
        while (events < maxEvents && !stop())
        {
            var moved = false;
            foreach (var queue in _queues)
            {
                // A bounded batch per queue so one busy connection cannot starve the other.
                for (var i = 0; i < 256 && events < maxEvents; i++)
                {
                    // In place: the queue's slot is copied once, into the ring's slot (no copy to a local between).
                    ref readonly var e = ref queue.PeekOrNullRef();
                    if (System.Runtime.CompilerServices.Unsafe.IsNullRef(in e))
                    {
                        break;
                    }

                    Observe(in e);
                    sink.Publish(in e);
                    queue.Release();
                    events++;
                    moved = true;
                }
            }

            if (moved)
            {
                Volatile.Write(ref _events, events);
            }

            _idle.Idle(moved ? 1 : 0);
        }

        Volatile.Write(ref _events, events);
        return events;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var q in _queues)
        {
            q.Close();
        }

        foreach (var s in _streams)
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }

        _snapshots.Dispose();
        _snapshotGate.Dispose();
    }

    private void Observe(in InputEvent e)
    {
        if (e.Kind == InputKind.FeedState)
        {
            State.Observe(in e);
        }
    }

    // The REST client is driven by one caller at a time (its limiter is not thread-safe); both connections may ask.
    private async Task<byte[]?> FetchSnapshotAsync(string symbol, CancellationToken ct)
    {
        await _snapshotGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var r = await _snapshots.GetDepthSnapshotAsync(symbol, 1000, ct).ConfigureAwait(false);
            return r.Outcome == RestOutcome.Ok ? r.Body : null;
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    private long Sum(Func<BinanceMarketStream, long> of)
    {
        long n = 0;
        foreach (var s in _streams)
        {
            n += of(s);
        }

        return n;
    }
}
