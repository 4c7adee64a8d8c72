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
public sealed class LiveRun : IEventSource, IAsyncDisposable
{
    private readonly LiveFeed _feed;
    private readonly BinanceConnection? _binance;
    private readonly BinanceOrderGateway? _gateway;
    private readonly IClock _clock;
    private readonly long _connectBudgetNs;
    private readonly long _maxEvents;
    private int _disposed;

    private LiveRun(LiveFeed feed, string description, BinanceConnection? binance, BinanceOrderGateway? gateway, IClock clock, long connectBudgetNs, long maxEvents)
    {
        _feed = feed;
        Description = description;
        _binance = binance;
        _gateway = gateway;
        _clock = clock;
        _connectBudgetNs = connectBudgetNs;
        _maxEvents = maxEvents;
    }

    /// <summary>What the run reads (the report's source line; the venue is named by its factory).</summary>
    public string Description { get; }

    /// <summary>The feed (counters, feed state).</summary>
    public LiveFeed Feed => _feed;

    /// <summary>Called once when every market data connection is up (readiness), or null.</summary>
    public Action? Connected { get; set; }

    /// <inheritdoc />
    public long Published => _feed.Frames;

    /// <inheritdoc />
    public long Rejected => _feed.Rejected;

    /// <inheritdoc />
    public SourceFailure Failure => DeadBecause is null ? SourceFailure.None : SourceFailure.Dead;

    /// <inheritdoc />
    public string? FailureReason => DeadBecause;

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
    /// The live source: Binance market data for <paramref name="instruments"/> from [binance]. With the Binance venue,
    /// <paramref name="binance"/> and <paramref name="venue"/>'s gateway are owned (disposed) by the run. Every
    /// connection must be up within <paramref name="connectBudgetNs"/> on <paramref name="clock"/>, else the run ends
    /// with <see cref="SourceFailure.Dead"/>; it stops after <paramref name="maxEvents"/> events.
    /// </summary>
    public static LiveRun Create(QuantumTraderConfig config, InstrumentRegistry instruments, IClock clock, VenueFactory venue, BinanceConnection? binance, long connectBudgetNs, long maxEvents = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(venue);
        var feed = new LiveFeed(config.Binance, instruments, clock);
        var where = $"{config.Binance.WsBase} ({string.Join(", ", config.Binance.Streams)})";
        return new LiveRun(feed, $"live Binance market data from {where}", binance, venue.Binance, clock, connectBudgetNs, maxEvents);
    }

    /// <summary>Why the feed was declared dead (no connection within <c>binance.connect_timeout</c>), or null.</summary>
    public string? DeadBecause { get; private set; }

    /// <summary>
    /// Opens the connections and runs the feed loop on the calling thread into <paramref name="sink"/> until
    /// <paramref name="stop"/> or the event limit; then closes the connections (the pipeline drains after this
    /// returns). When not every connection is up within the connect budget the loop stops and
    /// <see cref="DeadBecause"/> says why.
    /// </summary>
    /// <returns>Events published.</returns>
    public long Run(IInputSink sink, Func<bool> stop)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(stop);
        var deadline = _clock.NowNanos + _connectBudgetNs;
        var up = false;
        _feed.Start();
        try
        {
            return _feed.Run(sink, () =>
            {
                if (!up)
                {
                    if (AllConnected())
                    {
                        up = true;
                        Connected?.Invoke();
                    }
                    else if (_clock.NowNanos >= deadline)
                    {
                        DeadBecause = $"the market data feed did not connect within binance.connect_timeout ({_connectBudgetNs / 1_000_000_000.0:0.###} s; {CountConnected()} of {_feed.Streams.Count} connections up); last error: {_feed.LastError ?? "none"}";
                        return true;
                    }
                }

                return stop();
            }, _maxEvents);
        }
        finally
        {
            _feed.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private bool AllConnected() => CountConnected() == _feed.Streams.Count;

    private int CountConnected()
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

        _binance?.Dispose();
    }

    private static string Describe(FeedStateCode code) => code switch
    {
        FeedStateCode.BookInSync => "in sync",
        FeedStateCode.BookResyncing => "resyncing",
        FeedStateCode.BookGap => "gap (resyncing)",
        _ => "no depth seen",
    };
}
