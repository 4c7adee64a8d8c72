using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Services.Backtest;
using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Integration.Tests.Scenarios;

/// <summary>A classifier that says BUY (0.9) on its first prediction and HOLD (0.9) after: one entry, at a known time.</summary>
internal sealed class BuyOnceClassifier : IClassifier
{
    private int _calls;

    public string Name => "buy-once";

    public string Sha256 => "stand-in:buy-once";

    public bool TryPredict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        var buy = _calls++ == 0;
        probabilities[0] = 0.05f;
        probabilities[1] = buy ? 0.05f : 0.9f;
        probabilities[2] = buy ? 0.9f : 0.05f;
        return true;
    }

    public void Dispose()
    {
    }
}

/// <summary>
/// A scripted BTCUSDT market, one second at a time (bookTicker, trade, mark price with funding every second of event
/// time), through the whole engine from config in lock-step against the simulated exchange, journaled; then the
/// journal's backtest report. Price paths are functions of the second.
/// </summary>
internal sealed class ScriptedMarket : IDisposable
{
    private const long Second = 1_000_000_000L;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qt-scn-" + Guid.NewGuid().ToString("N"));
    private readonly List<(long Second, InputEvent Event)> _extra = new();

    public ScriptedMarket(QuantumTraderConfig? config = null)
    {
        Config = config ?? ConfigLoader.LoadDefault().GetConfigOrThrow();
        Config.Market.Instruments.RemoveAll(i => i.Symbol != "BTCUSDT");
    }

    public QuantumTraderConfig Config { get; }

    public string JournalDirectory => Path.Combine(_dir, "journal");

    public long StartNs { get; } = 1_723_161_600L * Second;

    /// <summary>Publishes <paramref name="e"/> (a control event, say) after the market events of second <paramref name="second"/>.</summary>
    public void At(long second, InputEvent e) => _extra.Add((second, e));

    /// <summary>Runs <paramref name="seconds"/> seconds of the path (every odd second 10 USDT higher, so ATR is not 0); returns the engine, the exchange and the report.</summary>
    public (TradingEngine Engine, SimulatedExchange Exchange, BacktestReport Report) Run(int seconds, Func<long, decimal> price, decimal fundingRate = 0.0001m)
    {
        var options = JournalSetup.FromConfig(Config, JournalDirectory, _dir, "journal");
        SimulatedExchange? exchange = null;
        TradingEngine engine;
        using (var journal = JournalWriter.Open(options, EpochClock.Instance))
        {
            engine = TradingEngine.BuildJournaled(
                Config,
                (instruments, outcomes) => exchange = VenueFactory.Simulated(Config.Simulator, instruments, outcomes),
                MonotonicClock.Instance,
                new LatencyRecorder(),
                journal,
                new Ensemble([new BuyOnceClassifier()], [1.0], 1, 0));
            var sink = new SimulatedVenueSink(engine.Sink, exchange!, engine.Pipeline);
            engine.Pipeline.Start();
            for (long s = 0; s < seconds; s++)
            {
                var t = StartNs + (s * Second);
                var p = Price.FromDecimal(price(s) + (s % 2 == 0 ? 0m : 10m)); // a 10 USDT wiggle: ATR is never 0
                var tick = Price.FromDecimal(0.1m).Raw;
                sink.Publish(new InputEvent { Kind = InputKind.BookTicker, Venue = Venue.BinanceUsdM, ExchangeTimeNs = t + 100_000_000, BidPrice = new Price(p.Raw - tick), BidQuantity = Quantity.FromDecimal(5m), AskPrice = p, AskQuantity = Quantity.FromDecimal(5m), Valid = true });
                sink.Publish(new InputEvent { Kind = InputKind.Trade, Venue = Venue.BinanceUsdM, ExchangeTimeNs = t + 500_000_000, Price = p, Quantity = Quantity.FromDecimal(0.01m), Valid = true });
                sink.Publish(new InputEvent
                {
                    Kind = InputKind.MarkPrice,
                    Venue = Venue.BinanceUsdM,
                    ExchangeTimeNs = t + 900_000_000,
                    Price = p,
                    Aux0 = (long)(fundingRate * FixedPoint.Scale),
                    Aux2 = ((t / (8 * 3600 * Second)) + 1) * 8 * 3600 * Second,
                    Valid = true,
                });
                foreach (var (at, e) in _extra)
                {
                    if (at == s)
                    {
                        var copy = e;
                        copy.ExchangeTimeNs = t + 950_000_000;
                        sink.Publish(copy);
                    }
                }
            }

            engine.FlushRefusals();
            if (!engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(2)))
            {
                throw new InvalidOperationException("the pipeline did not drain");
            }
        }

        var report = BacktestReport.FromJournal(JournalDirectory, QuantumTrader.Host.Commands.BacktestCommand.Limits(Config));
        return (engine, exchange!, report);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
