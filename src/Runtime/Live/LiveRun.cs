using System.Globalization;
using System.Text.Json;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Live;

/// <summary>
/// The live source of <c>quantumtrader run --live</c>: Binance market data (<see cref="LiveFeed"/>) into the
/// engine, and orders to the paper venue (the simulated exchange fed by the same market events) or to Binance
/// (<see cref="BinanceOrderGateway"/> with the keys from the environment variables named in [binance]).
/// </summary>
/// <remarks>The keys are read from the environment, handed to the REST client and never printed, logged or
/// journaled; error messages name the variables, never their values.</remarks>
public sealed class LiveRun : IAsyncDisposable
{
    private readonly LiveFeed _feed;
    private readonly IInputSink _sink;
    private readonly BinanceRestClient? _rest;
    private readonly BinanceOrderGateway? _gateway;
    private int _disposed;

    private LiveRun(LiveFeed feed, IInputSink sink, string source, SimulatedExchange? exchange, BinanceRestClient? rest, BinanceOrderGateway? gateway)
    {
        _feed = feed;
        _sink = sink;
        Source = source;
        Exchange = exchange;
        _rest = rest;
        _gateway = gateway;
    }

    /// <summary>What the run reads and where orders go (the report's source line).</summary>
    public string Source { get; }

    /// <summary>The paper venue, null with <c>--venue binance</c>.</summary>
    public SimulatedExchange? Exchange { get; }

    /// <summary>The feed (counters, feed state).</summary>
    public LiveFeed Feed => _feed;

    /// <summary>
    /// Checks what can be checked before anything is opened (journal, sockets): the venue name, the producer
    /// mode, and with <c>--venue binance</c> that both key variables are set. Writes the reason and returns false.
    /// </summary>
    public static bool Preflight(QuantumTraderConfig config, LiveOptions live, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(error);
        if (live.Venue is not (LiveOptions.Paper or LiveOptions.Binance))
        {
            error.WriteLine($"run: --venue: '{live.Venue}' is neither {LiveOptions.Paper} nor {LiveOptions.Binance}");
            return false;
        }

        if (live.Venue == LiveOptions.Binance)
        {
            if (config.Engine.Producer != "multi")
            {
                error.WriteLine("run: --venue binance: engine.producer must be \"multi\" (order outcomes are published by the order gateway's own thread beside the market feed)");
                return false;
            }

            foreach (var name in new[] { config.Binance.ApiKeyEnv, config.Binance.ApiSecretEnv })
            {
                if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name)))
                {
                    error.WriteLine($"run: --venue binance: the environment variable {name} is not set (named by binance.{(name == config.Binance.ApiKeyEnv ? "api_key_env" : "api_secret_env")}); refusing to start without API keys");
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Builds the live source for <paramref name="engine"/> and sets <paramref name="venue"/>'s target. With
    /// <c>--venue binance</c> it first syncs the server time and fetches exchangeInfo (every instrument must be
    /// listed); returns null after writing the reason when that fails.
    /// </summary>
    public static LiveRun? Create(QuantumTraderConfig config, LiveOptions live, TradingEngine engine, DeferredGateway venue, IClock clock, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(venue);
        ArgumentNullException.ThrowIfNull(error);
        if (!Preflight(config, live, error))
        {
            return null;
        }

        var feed = new LiveFeed(config.Binance, engine.Instruments, clock);
        var where = $"{config.Binance.WsBase} ({string.Join(", ", config.Binance.Streams)})";
        if (live.Venue == LiveOptions.Paper)
        {
            var sim = config.Simulator;
            var exchange = new SimulatedExchange(
                engine.Instruments,
                engine.Sink,
                new TopOfBookFillModel(),
                new BasisPointFeeModel((decimal)sim.MakerFeeBps, (decimal)sim.TakerFeeBps),
                new TickSlippageModel(sim.SlippageTicks),
                new FixedLatencyModel(sim.LatencyNs()));
            venue.Target = exchange;

            // Live-like: no lock-step; the exchange moves with the market events as they arrive.
            var sink = new SimulatedVenueSink(engine.Sink, exchange, null);
            return new LiveRun(feed, sink, $"live Binance market data from {where}, paper venue (simulated exchange)", exchange, null, null);
        }

        var credentials = new ApiCredentials(
            Environment.GetEnvironmentVariable(config.Binance.ApiKeyEnv)!,
            Environment.GetEnvironmentVariable(config.Binance.ApiSecretEnv)!);
        var rest = new BinanceRestClient(new Uri(config.Binance.RestBase), credentials, EpochClock.Instance);
        var info = FetchExchangeInfo(rest, config.Binance.RestBase, error);
        string? missing = null;
        for (var i = 0; info is not null && i < engine.Instruments.Count; i++)
        {
            var symbol = engine.Instruments[(ushort)i].Symbol;
            if (!info.TryGet(symbol, out _))
            {
                missing = symbol;
                break;
            }
        }

        if (info is null || missing is not null)
        {
            if (missing is not null)
            {
                error.WriteLine($"run: --venue binance: {missing} is not listed by {config.Binance.RestBase}/fapi/v1/exchangeInfo");
            }

            rest.Dispose();
            feed.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return null;
        }

        var gateway = new BinanceOrderGateway(rest, info, engine.Instruments, engine.Sink, EpochClock.Instance);
        venue.Target = gateway;
        return new LiveRun(feed, engine.Sink, $"live Binance market data from {where}, orders to {config.Binance.RestBase}", null, rest, gateway);
    }

    /// <summary>Why the feed was declared dead (no connection within <c>binance.connect_timeout</c>), or null.</summary>
    public string? DeadBecause { get; private set; }

    /// <summary>
    /// Opens the connections and runs the feed loop on the calling thread until <paramref name="stop"/> or
    /// <paramref name="maxEvents"/>; then closes the connections (the pipeline drains after this returns).
    /// Every connection must connect within <paramref name="connectBudgetNs"/> (on <paramref name="clock"/>);
    /// then <paramref name="connected"/> is called once (readiness). Otherwise the loop stops and
    /// <see cref="DeadBecause"/> says why.
    /// </summary>
    /// <returns>Events published.</returns>
    public long Run(Func<bool> stop, long maxEvents, IClock clock, long connectBudgetNs, Action? connected = null)
    {
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(clock);
        var deadline = clock.NowNanos + connectBudgetNs;
        var up = false;
        _feed.Start();
        try
        {
            return _feed.Run(_sink, () =>
            {
                if (!up)
                {
                    if (AllConnected())
                    {
                        up = true;
                        connected?.Invoke();
                    }
                    else if (clock.NowNanos >= deadline)
                    {
                        DeadBecause = $"the market data feed did not connect within binance.connect_timeout ({connectBudgetNs / 1_000_000_000.0:0.###} s; {Connected()} of {_feed.Streams.Count} connections up); last error: {_feed.LastError ?? "none"}";
                        return true;
                    }
                }

                return stop();
            }, maxEvents);
        }
        finally
        {
            _feed.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private bool AllConnected() => Connected() == _feed.Streams.Count;

    private int Connected()
    {
        var n = 0;
        foreach (var s in _feed.Streams)
        {
            if (s.Connects > 0)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Writes the live feed's lines of the human report.</summary>
    public void WriteText(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var inv = CultureInfo.InvariantCulture;
        var f = _feed;
        var s = f.State;
        output.WriteLine(string.Create(inv, $"feed connects      {f.Connects,14:N0}   (disconnects {s.Disconnected:N0}, stale {f.StaleEvents:N0}, fresh again {s.Fresh:N0})"));
        output.WriteLine(string.Create(inv, $"books in sync      {s.BooksInSync,14:N0}   (of {f.Instruments.Count:N0}; snapshots {f.Snapshots:N0} of {f.SnapshotRequests:N0} requested, gaps {s.Gaps:N0}, sync events {s.InSyncEvents:N0}, buffer overflows {s.BufferOverflows:N0})"));
        for (var i = 0; i < f.Instruments.Count; i++)
        {
            output.WriteLine($"  {f.Instruments[(ushort)i].Symbol,-16} book {Describe(s.BookState((ushort)i))}");
        }

        if (f.LastError is { } e)
        {
            output.WriteLine($"last feed error    {e}");
        }

        if (_gateway is not null)
        {
            output.WriteLine(string.Create(inv, $"orders rejected locally by the Binance gateway {_gateway.LocalRejects:N0}"));
        }
    }

    /// <summary>Writes the live feed's members into the report's JSON object.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var f = _feed;
        var s = f.State;
        w.WriteStartObject("feed");
        w.WriteNumber("connects", f.Connects);
        w.WriteNumber("disconnects", s.Disconnected);
        w.WriteNumber("stale_events", f.StaleEvents);
        w.WriteNumber("fresh_events", s.Fresh);
        w.WriteNumber("snapshots", f.Snapshots);
        w.WriteNumber("snapshot_requests", f.SnapshotRequests);
        w.WriteNumber("book_gaps", s.Gaps);
        w.WriteNumber("book_sync_events", s.InSyncEvents);
        w.WriteNumber("buffer_overflows", s.BufferOverflows);
        w.WriteNumber("backpressure_waits", f.Backpressure);
        w.WriteNumber("books_in_sync", s.BooksInSync);
        w.WriteStartObject("books");
        for (var i = 0; i < f.Instruments.Count; i++)
        {
            w.WriteString(f.Instruments[(ushort)i].Symbol, Describe(s.BookState((ushort)i)));
        }

        w.WriteEndObject();
        if (f.LastError is { } e)
        {
            w.WriteString("last_error", e);
        }

        if (_gateway is not null)
        {
            w.WriteNumber("gateway_local_rejects", _gateway.LocalRejects);
        }

        w.WriteEndObject();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _feed.DisposeAsync().ConfigureAwait(false);
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }

        _rest?.Dispose();
    }

    private static string Describe(FeedStateCode code) => code switch
    {
        FeedStateCode.BookInSync => "in sync",
        FeedStateCode.BookResyncing => "resyncing",
        FeedStateCode.BookGap => "gap (resyncing)",
        _ => "no depth seen",
    };

    private static ExchangeInfo? FetchExchangeInfo(BinanceRestClient rest, string restBase, TextWriter error)
    {
        try
        {
            if (!rest.SyncTimeAsync().GetAwaiter().GetResult())
            {
                error.WriteLine($"run: --venue binance: {restBase}/fapi/v1/time did not answer; refusing to trade without the server time");
                return null;
            }

            var info = rest.GetExchangeInfoAsync().GetAwaiter().GetResult();
            if (info is null)
            {
                error.WriteLine($"run: --venue binance: {restBase}/fapi/v1/exchangeInfo did not answer; refusing to trade without the symbol filters");
            }

            return info;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidDataException or FormatException or TaskCanceledException)
        {
            error.WriteLine($"run: --venue binance: exchangeInfo from {restBase}: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }
}
