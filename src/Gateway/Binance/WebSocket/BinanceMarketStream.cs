using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Binance.WebSocket;

/// <summary>
/// One combined-stream market-data connection: connects to <c>{base}/{route}/stream?streams=…</c>, feeds every
/// message to a <see cref="MarketDataPump"/> (parse → ring, depth → local books), fetches depth snapshots when
/// a book needs one, and keeps the connection healthy: control-frame ping/pong (by <see cref="System.Net.WebSockets.ClientWebSocket"/>),
/// a stale-stream watchdog, reconnect with jittered exponential back-off (the shared <see cref="ReconnectingWebSocket"/>),
/// and a planned reconnect before Binance's 24-hour cut. Subscriptions travel in the URL, so every reconnect resubscribes.
/// </summary>
/// <remarks>
/// Every disconnect, reconnect and stale period is published as an <see cref="InputKind.FeedState"/> event for
/// each symbol of the connection; after a reconnect the books are reset (diffs were missed) and resynced.
/// One task owns the pump and the books; the snapshot fetch runs beside it and is applied on that task.
/// </remarks>
public sealed class BinanceMarketStream : IAsyncDisposable, IWebSocketSession
{
    private readonly MarketStreamOptions _options;
    private readonly MarketDataPump _pump;
    private readonly IInputSink _sink;
    private readonly IClock _clock;
    private readonly Func<string, CancellationToken, Task<byte[]?>> _snapshotSource;
    private readonly InstrumentRegistry _instruments;
    private readonly List<ushort> _symbols = new();
    private readonly Random _jitter;
    private readonly ReconnectingWebSocket _connection;
    private Task<byte[]?>? _snapshotTask;
    private ushort _snapshotSymbol;
    private readonly long[] _snapshotNotBeforeNs;
    private readonly int[] _snapshotMisses;
    private long _snapshotRequests;
    private long[] _lastSeenNs = [];
    private bool[] _symbolStale = [];
    private long _staleEvents;

    /// <summary>Creates the stream (not started).</summary>
    /// <param name="options">Connection settings.</param>
    /// <param name="instruments">Instruments; every stream's symbol must be registered.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="clock">Receive-time clock (epoch ns).</param>
    /// <param name="snapshotSource">Fetches a REST depth snapshot body for a symbol (e.g. <c>BinanceRestClient.GetDepthSnapshotAsync</c>); null on failure.</param>
    public BinanceMarketStream(MarketStreamOptions options, InstrumentRegistry instruments, IInputSink sink, IClock clock, Func<string, CancellationToken, Task<byte[]?>> snapshotSource)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _snapshotSource = snapshotSource ?? throw new ArgumentNullException(nameof(snapshotSource));
        _pump = new MarketDataPump(instruments, sink);
        _jitter = new Random(options.JitterSeed);
        _connection = new ReconnectingWebSocket(
            new ReconnectOptions
            {
                InitialBackoff = options.InitialBackoff,
                MaxBackoff = options.MaxBackoff,
                KeepAliveInterval = options.KeepAliveInterval,
                ConnectTimeout = options.ConnectTimeout,
            },
            this,
            _jitter);
        _snapshotNotBeforeNs = new long[Math.Max(1, instruments.Count)];
        _snapshotMisses = new int[Math.Max(1, instruments.Count)];
        foreach (var stream in options.Streams)
        {
            var at = stream.IndexOf('@', StringComparison.Ordinal);
            var symbol = (at > 0 ? stream[..at] : stream).ToUpperInvariant();
            if (!instruments.TryGet(symbol, out var instrument))
            {
                throw new ArgumentException($"stream {stream}: symbol {symbol} is not registered", nameof(options));
            }

            if (!_symbols.Contains(instrument.Id))
            {
                _symbols.Add(instrument.Id);
            }
        }
    }

    /// <summary>The pump (parser counters, books).</summary>
    public MarketDataPump Pump => _pump;

    /// <summary>Successful connections so far.</summary>
    public long Connects => _connection.Connects;

    /// <summary>The last connection error (diagnostics for the operator), null when none.</summary>
    public string? LastError => _connection.LastError;

    /// <summary>The underlying connection (state, attempts, server closes, back-off).</summary>
    public ReconnectingWebSocket Connection => _connection;

    /// <summary>Times the watchdog found the stream stale.</summary>
    public long StaleEvents => Interlocked.Read(ref _staleEvents);

    /// <summary>REST depth snapshots requested so far (each costs request weight).</summary>
    public long SnapshotRequests => Interlocked.Read(ref _snapshotRequests);

    /// <summary>The URL connected to.</summary>
    public Uri Url => new(_options.WebSocketBase, $"/{_options.Route}/stream?streams={string.Join('/', _options.Streams)}");

    /// <summary>Starts the connection task.</summary>
    public void Start() => _connection.Start();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <inheritdoc />
    ValueTask<Uri?> IWebSocketSession.NextUriAsync(CancellationToken ct) => ValueTask.FromResult<Uri?>(Url);

    /// <inheritdoc />
    void IWebSocketSession.OnDisconnected(TimeSpan wait) => PublishAll(FeedStateCode.Disconnected, (long)wait.TotalMilliseconds);

    /// <inheritdoc />
    async Task IWebSocketSession.RunAsync(ReconnectingWebSocket connection, CancellationToken ct)
    {
        // A new connection missed diffs: every book starts over and resyncs from a snapshot.
        foreach (var id in _symbols)
        {
            _pump.BookOf(id)?.Reset();
        }

        PublishAll(FeedStateCode.Connected, 0);
        ResetSymbolWatch();
        await ReceiveAsync(connection, ct).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(ReconnectingWebSocket connection, CancellationToken ct)
    {
        var connectedAt = _clock.NowNanos;
        var maxAgeNs = (long)_options.MaxConnectionAge.TotalMilliseconds * 1_000_000;
        // One watchdog per connection, re-armed per message (CancelAfter on a live source moves its timer, no allocation).
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(ct);
        while (!ct.IsCancellationRequested)
        {
            if (_clock.NowNanos - connectedAt > maxAgeNs)
            {
                // Planned reconnect ahead of the venue's 24 h cut.
                await connection.CloseAsync("planned reconnect", ct).ConfigureAwait(false);
                return;
            }

            watchdog.CancelAfter(_options.StaleAfter);
            int length;
            try
            {
                if (_snapshotTask is null)
                {
                    length = await connection.ReceiveMessageAsync(watchdog.Token).ConfigureAwait(false);
                }
                else
                {
                    // A snapshot fetch is in flight: apply it as soon as it lands, even if no frame arrives
                    // meanwhile, without cancelling the pending receive (that would abort the socket).
                    var read = connection.ReceiveMessageAsync(watchdog.Token).AsTask();
                    while (!read.IsCompleted && _snapshotTask is { } pending)
                    {
                        await Task.WhenAny(read, pending).ConfigureAwait(false);
                        if (pending.IsCompleted)
                        {
                            ApplyOrRequestSnapshot(_snapshotSymbol, ct);
                        }
                    }

                    length = await read.ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _staleEvents);
                PublishAll(FeedStateCode.Stale, (long)_options.StaleAfter.TotalMilliseconds);
                connection.Abort();
                return;
            }

            if (length < 0)
            {
                return; // closed by the server
            }

            var now = _clock.NowNanos;
            var kind = _pump.OnStreamFrame(connection.Message, now);
            if (kind is FrameKind.Trade or FrameKind.AggTrade or FrameKind.BookTicker or FrameKind.Kline or FrameKind.MarkPrice or FrameKind.DepthUpdate)
            {
                WatchSymbols(_pump.LastSymbolId, now);
            }

            if (kind == FrameKind.DepthUpdate)
            {
                ApplyOrRequestSnapshot(_pump.Parser.Depth.SymbolId, ct);
            }
            else if (_snapshotTask is { IsCompleted: true })
            {
                ApplyOrRequestSnapshot(_snapshotSymbol, ct);
            }
        }
    }

    // Per-symbol staleness while the connection as a whole still delivers: a symbol silent for StaleAfter is
    // published Stale (the core reduces it) and Fresh when its data returns.
    private void ResetSymbolWatch()
    {
        var size = _instruments.Count;
        if (_lastSeenNs.Length != size)
        {
            _lastSeenNs = new long[size];
            _symbolStale = new bool[size];
        }

        var now = _clock.NowNanos;
        foreach (var id in _symbols)
        {
            _lastSeenNs[id] = now;
            _symbolStale[id] = false;
        }
    }

    private void WatchSymbols(ushort seen, long now)
    {
        if (seen < _lastSeenNs.Length)
        {
            _lastSeenNs[seen] = now;
            if (_symbolStale[seen])
            {
                _symbolStale[seen] = false;
                PublishOne(seen, FeedStateCode.Fresh, 0, now);
            }
        }

        var limit = (long)_options.StaleAfter.TotalMilliseconds * 1_000_000;
        foreach (var id in _symbols)
        {
            if (!_symbolStale[id] && now - _lastSeenNs[id] > limit)
            {
                _symbolStale[id] = true;
                Interlocked.Increment(ref _staleEvents);
                PublishOne(id, FeedStateCode.Stale, (long)_options.StaleAfter.TotalMilliseconds, now);
            }
        }
    }

    private void PublishOne(ushort id, FeedStateCode code, long detail, long now)
    {
        var evt = default(InputEvent);
        evt.Kind = InputKind.FeedState;
        evt.Venue = Venue.BinanceUsdM;
        evt.SymbolId = id;
        evt.Code = (ushort)code;
        evt.ReceiveTimeNs = now;
        evt.Aux0 = detail;
        _sink.Publish(in evt);
    }

    // Design:
    //   A snapshot attempt that does not bring its book into sync (the fetch failed or was refused by the local
    //   rate limiter, or the snapshot is older than the buffered diffs, as a venue's cached snapshot can be right
    //   after a stall) is followed by a wait before the next attempt for that book: SnapshotRetryDelay doubling to
    //   MaxSnapshotBackoff, jittered ±50% by the seeded generator. Without it a stale snapshot was refetched on
    //   every arriving diff (215 requests in 10 s, 20 weight each, against 2400 per minute). The first attempt
    //   after the book was in sync goes out at once; the back-off starts over once the book is in sync again.
    private void ApplyOrRequestSnapshot(ushort symbolId, CancellationToken ct)
    {
        if (_snapshotTask is { IsCompleted: true } done)
        {
            _snapshotTask = null;
            var fetched = _snapshotSymbol;
            var body = done.IsCompletedSuccessfully ? done.Result : null;
            if (body is not null)
            {
                _pump.OnSnapshot(body, _instruments[fetched].Symbol, _clock.NowNanos);
            }

            if (_pump.BookOf(fetched) is not { State: BookSyncState.Synced })
            {
                BackOffSnapshot(fetched);
            }
        }

        var book = _pump.BookOf(symbolId);
        if (book is null)
        {
            return;
        }

        if (book.State == BookSyncState.Synced)
        {
            _snapshotMisses[symbolId] = 0;
            return;
        }

        if (_snapshotTask is null && book.NeedsSnapshot && _clock.NowNanos >= _snapshotNotBeforeNs[symbolId])
        {
            _snapshotSymbol = symbolId;
            Interlocked.Increment(ref _snapshotRequests);
            _snapshotTask = _snapshotSource(_instruments[symbolId].Symbol, ct);
        }
    }

    private void BackOffSnapshot(ushort symbolId)
    {
        var misses = ++_snapshotMisses[symbolId];
        var nominal = Math.Min(_options.SnapshotRetryDelay.Ticks << Math.Min(misses - 1, 20), _options.MaxSnapshotBackoff.Ticks);
        var waitNs = (long)(nominal * (0.5 + _jitter.NextDouble())) * 100;
        _snapshotNotBeforeNs[symbolId] = _clock.NowNanos + waitNs;
    }

    private void PublishAll(FeedStateCode code, long detail)
    {
        var now = _clock.NowNanos;
        foreach (var id in _symbols)
        {
            PublishOne(id, code, detail, now);
        }
    }
}
