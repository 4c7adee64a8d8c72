using QuantumTrader.Model;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Stages.Inference;
using Xunit;
using Xunit.Abstractions;

namespace QuantumTrader.Integration.Tests.Scenarios;

/// <summary>
/// End-to-end trade life cycles on the simulated exchange, the whole engine from the shipped config: one entry (the
/// stand-in model buys once after the warm-up), then a scripted price path. Every figure is read from the journal
/// (<c>BacktestReport</c>); both audits must be 0.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TradeLifeCycleScenarioTests(ITestOutputHelper output)
{
    private const int Warmup = 260; // seconds before the path starts moving: the feature warm-up plus the entry

    private static string Describe(QuantumTrader.Services.Backtest.BacktestReport r) =>
        $"orders {r.Orders} ({string.Join(",", r.OrdersByPurpose.Select(kv => kv.Key + "=" + kv.Value))}), fills {r.Fills}, trades {r.Trades.Count}, "
        + $"exits ({string.Join(",", r.ExitsByReason.Select(kv => kv.Key + "=" + kv.Value))}), rejections ({string.Join(",", r.RejectionsByReason.Select(kv => kv.Key + "=" + kv.Value))}), "
        + $"pnl {r.NetPnl}, unprotected {r.UnprotectedPositions}, violations {r.LimitViolations} {string.Join("; ", r.LimitViolationDetails)}";

    private (QuantumTrader.Runtime.Composition.TradingEngine Engine, QuantumTrader.Gateway.Simulated.SimulatedExchange Exchange, QuantumTrader.Services.Backtest.BacktestReport Report) Run(ScriptedMarket market, int seconds, Func<long, decimal> price)
    {
        var result = market.Run(seconds, price);
        output.WriteLine(Describe(result.Report));
        var r = result.Report;
        Assert.True(r.OrdersByPurpose.GetValueOrDefault("entry") == 1, "one entry expected: " + Describe(r));
        Assert.True(r.OrdersByPurpose.GetValueOrDefault("protective_stop") >= 1, "no protective stop: " + Describe(r));
        Assert.True(r.UnprotectedPositions == 0, Describe(r));
        Assert.True(r.LimitViolations == 0, Describe(r));
        return result;
    }

    [Fact]
    public void Entry_ProtectiveStop_HarvestLadder_Exit()
    {
        using var market = new ScriptedMarket();
        // Flat through the warm-up and the entry (about 60,000), then +10 USDT a second to 62,600 (past 1.5R of a 2.5 %
        // stop), then flat.
        var (engine, exchange, r) = Run(market, Warmup + 360, s => s < Warmup ? 60_000m : Math.Min(62_600m, 60_000m + ((s - Warmup) * 10m)));
        Assert.True(r.ExitsByReason.GetValueOrDefault("harvest") >= 2, "the ladder's partial closes: " + Describe(r));
        Assert.True(r.OrdersByPurpose.GetValueOrDefault("break_even_stop") >= 1, "the stop moved to break-even: " + Describe(r));
        var trade = Assert.Single(r.Trades);
        Assert.True(trade.Net > 0, Describe(r));
        Assert.Equal(0, exchange.PositionOf(0));

        // The journal's report and the engine's ledger, computed apart, agree to the raw unit (1e-8 USDT).
        Assert.Equal(r.NetPnl, (decimal)(engine.Ledger.Wallet - engine.Ledger.StartingEquity) / FixedPoint.Scale);
        Assert.Equal(r.Fees, (decimal)engine.Ledger.Fees / FixedPoint.Scale);
        Assert.Equal(1, engine.Ledger.ClosedTrades);
        Assert.Equal(0, exchange.ConditionalCount); // nothing left resting once flat
        var replay = ReplayVerifier.Verify(market.JournalDirectory, market.Config, new Ensemble([new BuyOnceClassifier()], [1.0], 1, 0));
        Assert.True(replay.Divergences == 0, string.Join("; ", replay.Details.Select(d => d.Record + ": " + d.Detail)));
        Assert.True(replay.DecisionRecords > 0);
    }

    [Fact]
    public void Entry_StopHit_LosesAboutOneR()
    {
        using var market = new ScriptedMarket();
        var (engine, exchange, r) = Run(market, Warmup + 400, s => s < Warmup ? 60_000m : Math.Max(56_000m, 60_000m - ((s - Warmup) * 10m)));
        var trade = Assert.Single(r.Trades);
        Assert.Equal("protective_stop", trade.ExitReason);
        Assert.True(trade.Pnl < 0, Describe(r));

        // 1R = the stop distance × quantity: the loss is about that (the stop fills at the bid after the mark crosses it).
        var oneR = trade.EntryPrice * 0.025m * trade.MaxQuantity;
        Assert.InRange(-trade.Pnl, oneR * 0.9m, oneR * 1.2m);
        Assert.Equal(0, exchange.PositionOf(0));
    }

    [Fact]
    public void Entry_TimeStop_AfterFourHours()
    {
        using var market = new ScriptedMarket();
        var (_, exchange, r) = Run(market, Warmup + (4 * 3600) + 120, _ => 60_000m);
        var trade = Assert.Single(r.Trades);
        Assert.Equal("time_stop", trade.ExitReason);
        Assert.InRange((trade.ClosedNs - trade.OpenedNs) / 1_000_000_000L, 4 * 3600, (4 * 3600) + 60);
        Assert.Equal(0, exchange.PositionOf(0));
    }

    [Fact]
    public void Entry_Flatten_ClosesReduceOnlyAndCancelsTheStop()
    {
        using var market = new ScriptedMarket();
        market.At(Warmup + 30, new InputEvent { Kind = InputKind.Control, Code = (ushort)ControlCode.Flatten, Aux0 = (long)QuantumTrader.Model.State.ModeCause.Operator });
        var (_, exchange, r) = Run(market, Warmup + 90, _ => 60_000m);
        var trade = Assert.Single(r.Trades);
        Assert.Equal("flatten", trade.ExitReason);
        Assert.True(r.Cancels >= 1, "the resting stop is cancelled: " + Describe(r));
        Assert.Equal(0, exchange.PositionOf(0));
        Assert.Equal(0, exchange.ConditionalCount);
    }

    [Fact]
    public void Entry_FlatMarket_ProtectedAndStillOpen()
    {
        using var market = new ScriptedMarket();
        var (e, exchange, r) = Run(market, Warmup + 60, _ => 60_000m);
        Assert.Empty(r.Trades);
        Assert.Equal(1, r.OpenPositionsAtEnd);
        Assert.Equal(1, exchange.ConditionalCount - (r.OrdersByPurpose.GetValueOrDefault("take_profit") > 0 ? 1 : 0)); // the stop rests at the exchange
        output.WriteLine($"vectors {e.Features.Engine.Counters.Vectors} inferences {e.Inference.Counters.Inferences} signals {e.Signal.Signals} refused {string.Join(",", Enum.GetValues<QuantumTrader.Stages.Signal.SignalReason>().Select(x => x + "=" + e.Signal.Refused(x)))} sized {e.Sizing.Sized} sizing refused {string.Join(",", Enum.GetValues<QuantumTrader.Stages.Risk.SizingReason>().Select(x => x + "=" + e.Sizing.Refused(x)))} ingest rejected {e.Ingest.Rejected}");
    }
}
