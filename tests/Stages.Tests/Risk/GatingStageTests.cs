using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.State;
using Xunit;
using static QuantumTrader.Stages.Tests.Risk.GateHarness;

namespace QuantumTrader.Stages.Tests.Risk;

/// <summary>One row per check of an entry: approved at the limit, blocked with the check's reason just past it.</summary>
public sealed class GateEntryCheckTests
{
    // Each scenario sets the gate, the account and the entry up to the limit (past = false) or one step past it.
    private static (GateHarness Gate, InputEvent Entry) Scenario(GateReason check, bool past)
    {
        var o = new GateOptions { Symbols = 3 };
        var entry = Entry(); // 10 units at 100 = 1,000 notional, stop 97: 30 at risk, 5x
        long plus = past ? 1 : 0; // one raw unit past the limit
        GateHarness h;
        switch (check)
        {
            case GateReason.Halted:
                h = new GateHarness(o);
                if (past)
                {
                    h.Run(Control(ControlCode.Kill));
                }

                break;
            case GateReason.ReducingOnly:
                h = new GateHarness(o);
                if (past)
                {
                    h.Run(Control(ControlCode.Pause));
                }

                break;
            case GateReason.FeedUnhealthy:
                h = new GateHarness(o);
                h.Run(new InputEvent { Kind = InputKind.FeedState, Code = (ushort)(past ? FeedStateCode.Stale : FeedStateCode.Fresh) });
                break;
            case GateReason.NoPrice:
                h = new GateHarness(o);
                if (past)
                {
                    entry.OrderReferencePrice = default;
                }

                break;
            case GateReason.IncompleteOrder:
                h = new GateHarness(o);
                if (past)
                {
                    entry.StopLossPrice = default;
                }

                break;
            case GateReason.NoMarkPrice:
                h = new GateHarness(o);
                h.Ledger.SetMark(0, past ? 0 : 100 * Unit);
                break;
            case GateReason.NoEquity:
                h = new GateHarness(o);
                if (past)
                {
                    h.Ledger.Equity = h.Ledger.PeakEquity = h.Ledger.DayStartEquity = 0; // no account figures at all
                }

                break;
            case GateReason.DailyLossLimit:
                h = new GateHarness(o with { DailyLossLimit = 0.05 });
                h.Ledger.Equity = (9_500 * Unit) - plus; // day start 10,000
                h.Ledger.PeakEquity = h.Ledger.DayStartEquity = 10_000 * Unit;
                break;
            case GateReason.Drawdown:
                h = new GateHarness(o with { MaxDrawdown = 0.15 });
                h.Ledger.PeakEquity = 12_000 * Unit;
                h.Ledger.Equity = h.Ledger.DayStartEquity = (10_200 * Unit) - plus;
                break;
            case GateReason.PositionExists:
                h = new GateHarness(o);
                h.Ledger.SetPosition(0, past ? Unit : 0, 100 * Unit, 97 * Unit);
                break;
            case GateReason.MaxOpenPositions:
                h = new GateHarness(o with { MaxOpenPositions = 2 });
                h.Ledger.SetPosition(1, Unit, 100 * Unit, 97 * Unit);
                h.Ledger.SetPosition(2, past ? Unit : 0, 100 * Unit, 97 * Unit);
                break;
            case GateReason.MaxOrderNotional:
                h = new GateHarness(o with { MaxOrderNotional = 1_000 });
                entry.OrderQuantity = new Quantity((10 * Unit) + plus);
                break;
            case GateReason.PositionLimit:
                h = new GateHarness(o with { MaxPositionNotional = 1_000 });
                entry.OrderQuantity = new Quantity((10 * Unit) + plus);
                break;
            case GateReason.MaxTotalNotional:
                h = new GateHarness(o with { MaxTotalNotional = 3_000 });
                h.Ledger.SetPosition(1, 20 * Unit, 100 * Unit, 99 * Unit); // 2,000 at mark
                entry.OrderQuantity = new Quantity((10 * Unit) + plus);
                break;
            case GateReason.Exposure:
                h = new GateHarness(o with { MaxExposureShare = 0.3 }); // 3,000 of 10,000
                h.Ledger.SetPosition(1, -20 * Unit, 100 * Unit, 101 * Unit); // a short counts by its size
                entry.OrderQuantity = new Quantity((10 * Unit) + plus);
                break;
            case GateReason.MaxLeverage:
                h = new GateHarness(o with { MaxLeverage = 5 });
                entry.OrderLeverage = new Leverage((5 * Unit) + plus);
                break;
            case GateReason.SymbolOrderRate:
                h = new GateHarness(o with { MaxOrdersPerSymbol = 2, OrderRateWindowNs = 60 * Second });
                RoundTrip(h, 0); // an entry and its exit: two orders of symbol 0 at t0
                h.Now += (60 * Second) - plus; // the window has passed (at the limit), or not quite
                break;
            case GateReason.GlobalOrderRate:
                h = new GateHarness(o with { MaxOrders = 2, MaxOrdersPerSymbol = 1, OrderRateWindowNs = 60 * Second });
                h.Open(Entry(1));
                h.Open(Entry(2));
                h.Now += (60 * Second) - plus;
                break;
            case GateReason.PriceCollar:
                h = new GateHarness(o with { MaxMarkDeviationBps = 100 }); // 1% of the mark, 100
                entry = Entry(reference: (101 * Unit) + plus);
                break;
            case GateReason.PercentPrice:
                h = new GateHarness(o with { PercentPriceBps = 500 });
                entry.OrderPrice = new Price((105 * Unit) + plus); // a limit 5% above the mark
                break;
            case GateReason.LiquidationDistance:
                // 10x, no maintenance margin: liquidation 10 away; the stop 5 away, times 2 = 10.
                h = new GateHarness(o with { MaintenanceMarginRate = 0, LiquidationStopMultiple = 2 });
                entry = Entry(stop: 95 * Unit, leverage: (10 * Unit) + plus);
                break;
            case GateReason.PortfolioHeat:
                h = new GateHarness(o with { MaxPortfolioHeat = 0.06 }); // 600 at risk
                h.Ledger.SetPosition(1, 57 * Unit, 100 * Unit, 90 * Unit); // 570 to its stop, + 30 for the order
                entry.OrderQuantity = new Quantity((10 * Unit) + plus);
                break;
            case GateReason.ClusterPositions:
                h = new GateHarness(o with { Clusters = [0, 0, 0], MaxClusterPositions = 2 });
                h.Ledger.SetPosition(1, Unit, 100 * Unit, 97 * Unit);
                h.Ledger.SetPosition(2, past ? Unit : 0, 100 * Unit, 97 * Unit);
                break;
            case GateReason.ClusterHeat:
                h = new GateHarness(o with { Clusters = [0, 0, -1], MaxClusterHeat = 0.04, MaxPortfolioHeat = 0.1 }); // 400 at risk
                h.Ledger.SetPosition(1, 37 * Unit, 100 * Unit, 90 * Unit); // 370, + 30 for the order
                h.Ledger.SetPosition(2, 20 * Unit, 100 * Unit, 90 * Unit); // another cluster's risk does not count
                entry.OrderQuantity = new Quantity((10 * Unit) + plus);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(check));
        }

        return (h, entry);
    }

    private static void RoundTrip(GateHarness h, ushort symbol)
    {
        h.Open(Entry(symbol));
        var exit = h.Run(Exit(symbol, Side.Sell, 10 * Unit));
        Assert.True(exit.Approved);
        h.Ledger.Fill(exit.DecisionId, 10 * Unit);
    }

    public static TheoryData<GateReason> EntryChecks()
    {
        var data = new TheoryData<GateReason>();
        foreach (var reason in Enum.GetValues<GateReason>())
        {
            if (reason is not (GateReason.None or GateReason.ReduceOnly))
            {
                data.Add(reason);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EntryChecks))]
    public void Entry_AtTheLimit_Approved(GateReason check)
    {
        var (h, entry) = Scenario(check, past: false);
        var done = h.Run(entry);
        Assert.True(done.Approved, $"{check}: blocked {(GateReason)done.GateReason}");
        Assert.Equal(0, done.GateReason);
        Assert.NotEqual(0, done.DecisionId);
        Assert.Contains(h.Ledger.Orders, o => o.View.DecisionId == done.DecisionId && o.View.Purpose == OrderPurpose.Entry);
    }

    [Theory]
    [MemberData(nameof(EntryChecks))]
    public void Entry_JustPastTheLimit_BlockedWithItsReason(GateReason check)
    {
        var (h, entry) = Scenario(check, past: true);
        var registered = h.Ledger.Orders.Count;
        var done = h.Run(entry);
        Assert.False(done.Approved);
        Assert.Equal(check, (GateReason)done.GateReason);
        Assert.Equal(0, done.DecisionId);
        Assert.Equal(1, h.Gate.BlockedFor(check));
        Assert.Equal(registered, h.Ledger.Orders.Count); // nothing registered for a blocked order
    }

    private static InputEvent Incomplete(string name) => name switch
    {
        "no stop-loss" => Entry() with { StopLossPrice = default },
        "stop above a long's price" => Entry(stop: 101 * Unit),
        "stop below a short's price" => Entry(side: Side.Sell, stop: 99 * Unit),
        "no leverage" => Entry(leverage: 0),
        "no quantity" => Entry(qtyRaw: 0),
        "no side" => Entry() with { OrderSide = Side.None },
        "unknown symbol" => Entry(symbol: 7),
        "an entry marked reduce-only" => Entry() with { ReduceOnly = true },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("no stop-loss")]
    [InlineData("stop above a long's price")]
    [InlineData("stop below a short's price")]
    [InlineData("no leverage")]
    [InlineData("no quantity")]
    [InlineData("no side")]
    [InlineData("unknown symbol")]
    [InlineData("an entry marked reduce-only")]
    public void Entry_IncompleteOrInconsistent_BlockedIncompleteOrder(string name)
    {
        var h = new GateHarness();
        var done = h.Run(Incomplete(name));
        Assert.True(GateReason.IncompleteOrder == (GateReason)done.GateReason, $"{name}: {(GateReason)done.GateReason}");
    }

    [Fact]
    public void Entry_APositionElsewhereWithoutAMark_BlockedNoMarkPrice()
    {
        var h = new GateHarness();
        h.Ledger.SetPosition(1, Unit, 100 * Unit, 97 * Unit);
        h.Ledger.SetMark(1, 0);
        Assert.Equal(GateReason.NoMarkPrice, (GateReason)h.Run(Entry()).GateReason);
    }

    [Fact]
    public void Entry_AnOpenEntryOnTheSymbol_BlockedPositionExists()
    {
        var h = new GateHarness();
        Assert.True(h.Run(Entry()).Approved); // registered, not filled yet
        Assert.Equal(GateReason.PositionExists, (GateReason)h.Run(Entry()).GateReason);
    }

    [Fact]
    public void Entry_AboveTheSymbolsLeverageBracket_BlockedMaxLeverage()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, MaxLeverage = 20, LeverageBrackets = [4, 20, 20] });
        Assert.Equal(GateReason.MaxLeverage, (GateReason)h.Run(Entry()).GateReason);
        Assert.True(h.Run(Entry(symbol: 1)).Approved);
    }

    [Fact]
    public void Entry_HeatOfAnUnfilledEntry_CountsItsStopDistance()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, MaxPortfolioHeat = 0.006 }); // 60 at risk
        Assert.True(h.Run(Entry(1)).Approved); // 30 at risk, not filled yet
        Assert.True(h.Run(Entry(2)).Approved); // 60: at the limit
        Assert.Equal(GateReason.PortfolioHeat, (GateReason)h.Run(Entry(0, qtyRaw: Unit / 10)).GateReason);
    }

    [Fact]
    public void Entry_PositionWithoutAKnownStop_CountsItsWholeNotionalAsHeat()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, MaxPortfolioHeat = 0.06 });
        h.Ledger.SetPosition(1, 6 * Unit, 100 * Unit, 0); // 600 notional, stop unknown: 600 at risk
        Assert.Equal(GateReason.PortfolioHeat, (GateReason)h.Run(Entry()).GateReason);
    }
}

/// <summary>Exits: never past HALTED, always reduce-only correct, free of the checks about opening risk.</summary>
public sealed class GateExitCheckTests
{
    private static GateHarness Long(long quantity = 10 * Unit)
    {
        var h = new GateHarness();
        h.Ledger.SetPosition(0, quantity, 100 * Unit, 97 * Unit);
        return h;
    }

    private static InputEvent ExitRow(string name) => name switch
    {
        "sell the whole long" => Exit(0, Side.Sell, 10 * Unit),
        "sell one raw unit more than the long" => Exit(0, Side.Sell, (10 * Unit) + 1),
        "buy against a long" => Exit(0, Side.Buy, Unit),
        "an exit not marked reduce-only" => Exit(0, Side.Sell, Unit, reduceOnly: false),
        "close-position sell" => Exit(0, Side.Sell, 0, OrderPurpose.ProtectiveStop, reduceOnly: false, closePosition: true),
        "close-position buy" => Exit(0, Side.Buy, 0, OrderPurpose.ProtectiveStop, reduceOnly: false, closePosition: true),
        "an exit on a flat symbol" => Exit(1, Side.Sell, Unit),
        "a reduce-only exit of no quantity" => Exit(0, Side.Sell, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("sell the whole long", true)]
    [InlineData("sell one raw unit more than the long", false)]
    [InlineData("buy against a long", false)]
    [InlineData("an exit not marked reduce-only", false)]
    [InlineData("close-position sell", true)]
    [InlineData("close-position buy", false)]
    [InlineData("an exit on a flat symbol", false)]
    public void Exit_ReduceOnlyCorrectness(string name, bool approved)
    {
        var h = Long();
        var done = h.Run(ExitRow(name));
        Assert.True(approved == done.Approved, $"{name}: {(GateReason)done.GateReason}");
        Assert.Equal(approved ? GateReason.None : GateReason.ReduceOnly, (GateReason)done.GateReason);
    }

    [Fact]
    public void Exit_NoQuantityWithoutClosePosition_BlockedIncompleteOrder()
    {
        Assert.Equal(GateReason.IncompleteOrder, (GateReason)Long().Run(ExitRow("a reduce-only exit of no quantity")).GateReason);
    }

    [Fact]
    public void Exit_WithAnotherReduceOnlyOrderResting_OnlyWhatIsLeft()
    {
        var h = Long();
        var trailing = h.Run(Exit(0, Side.Sell, 4 * Unit, OrderPurpose.TrailingStop));
        Assert.True(trailing.Approved);
        Assert.True(h.Run(Exit(0, Side.Sell, 6 * Unit)).Approved);
        var h2 = Long();
        h2.Run(Exit(0, Side.Sell, 4 * Unit, OrderPurpose.TrailingStop));
        Assert.Equal(GateReason.ReduceOnly, (GateReason)h2.Run(Exit(0, Side.Sell, (6 * Unit) + 1)).GateReason);
    }

    [Fact]
    public void Exit_ReplacingTheOrderItCancels_NotCountedTwice()
    {
        var h = Long();
        var trailing = h.Run(Exit(0, Side.Sell, 10 * Unit, OrderPurpose.TrailingStop));
        Assert.True(trailing.Approved);
        var replacement = Exit(0, Side.Sell, 10 * Unit, OrderPurpose.TrailingStop) with { CancelDecisionId = trailing.DecisionId, CancelPurpose = OrderPurpose.TrailingStop };
        Assert.True(h.Run(replacement).Approved);
    }

    [Fact]
    public void Exit_ShortPosition_BuysBack()
    {
        var h = new GateHarness();
        h.Ledger.SetPosition(0, -5 * Unit, 100 * Unit, 103 * Unit);
        Assert.True(h.Run(Exit(0, Side.Buy, 5 * Unit)).Approved);
        Assert.Equal(GateReason.ReduceOnly, (GateReason)h.Run(Exit(0, Side.Sell, Unit)).GateReason);
    }

    [Fact]
    public void Exit_Halted_Blocked()
    {
        var h = Long();
        h.Run(Control(ControlCode.Kill));
        Assert.Equal(GateReason.Halted, (GateReason)h.Run(Exit(0, Side.Sell, Unit)).GateReason);
    }

    [Fact]
    public void Exit_WhereEveryRiskCheckWouldBlockAnEntry_Approved()
    {
        // REDUCING, the feed stale, equity gone past both loss limits, no mark, every limit at its smallest.
        var o = new GateOptions { Symbols = 3, MaxOrderNotional = 1e-8, MaxTotalNotional = 1e-8, MaxPositionNotional = 1e-8, MaxOpenPositions = 1, MaxOrders = 1, MaxOrdersPerSymbol = 1, MaxPortfolioHeat = 1e-6, MaxMarkDeviationBps = 1 };
        var h = new GateHarness(o);
        h.Ledger.SetPosition(0, 10 * Unit, 100 * Unit, 97 * Unit);
        h.Run(Control(ControlCode.Pause));
        h.Run(new InputEvent { Kind = InputKind.FeedState, Code = (ushort)FeedStateCode.Stale });
        h.Ledger.Equity = 1;
        h.Ledger.SetMark(0, 0);
        for (var i = 0; i < 3; i++)
        {
            var done = h.Run(Exit(0, Side.Sell, Unit) with { OrderReferencePrice = default });
            Assert.True(done.Approved, $"exit {i}: {(GateReason)done.GateReason}");
            h.Ledger.Fill(done.DecisionId, Unit);
        }
    }
}

/// <summary>The automatic mode changes, each journaled on the slot with its cause.</summary>
public sealed class GateModeChangeTests
{
    [Theory]
    [InlineData(TradingMode.Reducing)]
    [InlineData(TradingMode.Halted)]
    public void DailyLossLimit_Breached_GlobalModePerConfigWithItsCause(TradingMode mode)
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, DailyLossLimit = 0.05, DailyLossMode = mode });
        h.Ledger.Equity = 9_500 * Unit;
        Assert.Equal(0, h.Tick().ModeChanges); // at the limit: nothing
        h.Ledger.Equity = (9_500 * Unit) - 1;
        var slot = h.Tick();
        Assert.Equal(1, slot.ModeChanges);
        Assert.Equal(new ModeChange(false, 0, TradingMode.Active, mode, ModeCause.DailyLossLimit), slot.ModeChange0);
        Assert.Equal(0, h.Tick().ModeChanges); // once, on the edge
        Assert.Equal(GateReason.DailyLossLimit, (GateReason)h.Run(Entry()).GateReason);
    }

    [Fact]
    public void DrawdownBreaker_TrippedWithHaltedConfigured_HaltedAndOperatorResumeNotUndone()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, DrawdownMode = TradingMode.Halted });
        h.Ledger.PeakEquity = 12_000 * Unit;
        h.Ledger.DayStartEquity = h.Ledger.Equity = 10_000 * Unit; // 16.7% below the peak
        var slot = h.Tick();
        Assert.Equal(new ModeChange(false, 0, TradingMode.Active, TradingMode.Halted, ModeCause.DrawdownBreaker), slot.ModeChange0);
        Assert.Equal(GateReason.Drawdown, (GateReason)h.Run(Entry()).GateReason);

        h.Run(Control(ControlCode.Resume));
        Assert.Equal(TradingMode.Active, h.State.Mode);
        Assert.Equal(0, h.Tick().ModeChanges); // the condition lasts, but the edge fired once
        Assert.Equal(GateReason.Drawdown, (GateReason)h.Run(Entry()).GateReason); // entries stay blocked

        h.Ledger.Equity = 11_000 * Unit; // recovered
        h.Tick();
        h.Ledger.Equity = 10_000 * Unit; // and breached again: trips again
        Assert.Equal(ModeCause.DrawdownBreaker, h.Tick().ModeChange0.Cause);
    }

    [Fact]
    public void LossLimit_NeverLoosensAStricterMode()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, DailyLossMode = TradingMode.Reducing });
        h.Run(Control(ControlCode.Kill));
        h.Ledger.Equity = 9_000 * Unit;
        Assert.Equal(0, h.Tick().ModeChanges);
        Assert.Equal(TradingMode.Halted, h.State.Mode);
        Assert.Equal(ModeCause.Operator, h.State.Cause);
    }

    [Fact]
    public void ConsecutiveRejects_OfOneSymbol_HaltThatSymbolOnly()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, MaxConsecutiveRejects = 3 });
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var done = h.Run(Entry());
            Assert.True(done.Approved, $"entry {i}: {(GateReason)done.GateReason}");
            h.Ledger.End(done.DecisionId, Stages.Account.OrderState.Rejected);
            var update = h.Update(OrderUpdateCode.Rejected, done.DecisionId, OrderRejectReason.MinNotional);
            if (i < 2)
            {
                Assert.Equal(0, update.ModeChanges);
            }
            else
            {
                Assert.Equal(new ModeChange(true, 0, TradingMode.Active, TradingMode.Halted, ModeCause.RepeatedRejects), update.ModeChange0);
            }
        }

        Assert.Equal(TradingMode.Halted, h.State.EffectiveMode(0));
        Assert.Equal(TradingMode.Active, h.State.Mode);
        Assert.Equal(GateReason.Halted, (GateReason)h.Run(Entry()).GateReason);
        Assert.True(h.Run(Entry(1)).Approved);
    }

    [Fact]
    public void ConsecutiveRejects_AnAcceptInBetween_StartsTheCountAgain()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, MaxConsecutiveRejects = 2 });
        var first = h.Run(Entry());
        h.Ledger.End(first.DecisionId, Stages.Account.OrderState.Rejected);
        h.Update(OrderUpdateCode.Rejected, first.DecisionId);
        var second = h.Run(Entry());
        h.Update(OrderUpdateCode.Accepted, second.DecisionId);
        Assert.Equal(0, h.Gate.ConsecutiveRejects(0));
        h.Ledger.End(second.DecisionId, Stages.Account.OrderState.Rejected);
        Assert.Equal(0, h.Update(OrderUpdateCode.Rejected, second.DecisionId).ModeChanges);
        Assert.Equal(TradingMode.Active, h.State.EffectiveMode(0));
    }

    [Fact]
    public void FillReport_ResetsTheRejectCountAndIsCounted()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, MaxConsecutiveRejects = 2 });
        var first = h.Run(Entry());
        h.Ledger.End(first.DecisionId, Stages.Account.OrderState.Rejected);
        h.Update(OrderUpdateCode.Rejected, first.DecisionId);
        Assert.Equal(1, h.Gate.ConsecutiveRejects(0));
        var second = h.Run(Entry());
        Assert.True(second.Approved);
        h.Update(OrderUpdateCode.Filled, second.DecisionId);
        Assert.Equal(0, h.Gate.ConsecutiveRejects(0));
        Assert.Equal(1, h.Gate.FillReports);
        h.Run(new InputEvent { Kind = InputKind.OrderUpdate, Code = (ushort)OrderUpdateCode.Filled, ClientOrderId = new ClientOrderId(1, second.DecisionId, 99) });
        Assert.Equal(1, h.Gate.FillReports); // another run's order: not ours
    }

    [Fact]
    public void ConsecutiveRejects_HeldByOurOwnHalt_NotCounted()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, MaxConsecutiveRejects = 1 });
        var done = h.Run(Entry());
        h.Ledger.End(done.DecisionId, Stages.Account.OrderState.Rejected);
        Assert.Equal(0, h.Update(OrderUpdateCode.Rejected, done.DecisionId, OrderRejectReason.HeldByHalt).ModeChanges);
    }

    [Fact]
    public void UnknownOutcome_FromTheLedger_ReducingUntilResolvedThenActive()
    {
        var h = new GateHarness();
        h.Ledger.UnresolvedOrders = 1;
        var slot = h.Tick();
        Assert.Equal(new ModeChange(false, 0, TradingMode.Active, TradingMode.Reducing, ModeCause.UnknownOrderOutcome), slot.ModeChange0);
        Assert.Equal(GateReason.ReducingOnly, (GateReason)h.Run(Entry()).GateReason);
        h.Ledger.UnresolvedOrders = 0;
        slot = h.Tick();
        Assert.Equal(new ModeChange(false, 0, TradingMode.Reducing, TradingMode.Active, ModeCause.UnknownOutcomesResolved), slot.ModeChange0);
        Assert.True(h.Run(Entry()).Approved);
    }

    [Fact]
    public void UnknownOutcomeResolved_WhileReducingForAnotherCause_StaysReducing()
    {
        var h = new GateHarness();
        h.Ledger.UnresolvedOrders = 1;
        h.Tick();
        h.Run(Control(ControlCode.Pause, ModeCause.NotReconciled));
        h.Ledger.UnresolvedOrders = 0;
        Assert.Equal(0, h.Tick().ModeChanges);
        Assert.Equal(TradingMode.Reducing, h.State.Mode);
    }

    [Fact]
    public void ASlotWithTwoChangesAlready_TheBreakerWaitsForTheNextSlot()
    {
        var h = new GateHarness();
        h.State.RequestHalt("stage features faulted");
        h.Ledger.DayStartEquity = h.Ledger.Equity = h.Ledger.PeakEquity / 2; // the drawdown breaker past
        var first = h.Run(Control(ControlCode.Resume));
        Assert.Equal(2, first.ModeChanges); // the halt request, then the operator's resume
        Assert.Equal(ModeCause.StageFault, first.ModeChange0.Cause);
        Assert.Equal(ModeCause.Operator, first.ModeChange1.Cause);
        var next = h.Tick();
        Assert.Equal(1, next.ModeChanges);
        Assert.Equal(new ModeChange(false, 0, TradingMode.Active, TradingMode.Reducing, ModeCause.DrawdownBreaker), next.ModeChange0);
    }

    [Fact]
    public void HaltRequestedFromAnotherThread_BlocksEveryOrder()
    {
        var h = new GateHarness();
        h.Ledger.SetPosition(1, Unit, 100 * Unit, 97 * Unit);
        var t = new Thread(() => h.State.RequestHalt("stage features faulted"));
        t.Start();
        Assert.True(t.Join(TimeSpan.FromMinutes(1)), "the halting thread did not finish");
        Assert.Equal(GateReason.Halted, (GateReason)h.Run(Entry()).GateReason);
        Assert.Equal(GateReason.Halted, (GateReason)h.Run(Exit(1, Side.Sell, Unit)).GateReason);
        Assert.Equal(TradingMode.Halted, h.State.Mode);
        Assert.Equal("stage features faulted", h.State.ModeReason);
    }
}

/// <summary>Feed health: unusable market data of a symbol blocks its entries until it recovers.</summary>
public sealed class GateFeedTests
{
    private static InputEvent Feed(FeedStateCode code) => new() { Kind = InputKind.FeedState, Code = (ushort)code };

    [Theory]
    [InlineData(FeedStateCode.BookResyncing, FeedStateCode.BookInSync)]
    [InlineData(FeedStateCode.BookGap, FeedStateCode.BookInSync)]
    [InlineData(FeedStateCode.BufferOverflow, FeedStateCode.BookInSync)]
    [InlineData(FeedStateCode.Stale, FeedStateCode.Fresh)]
    [InlineData(FeedStateCode.Disconnected, FeedStateCode.Connected)]
    public void FeedState_UnusableData_OnlyExitsUntilRecovered(FeedStateCode down, FeedStateCode up)
    {
        var h = new GateHarness();
        h.Ledger.SetPosition(0, 3 * Unit, 100 * Unit, 97 * Unit);
        h.Run(Feed(down));
        Assert.True(h.Gate.IsFeedUnhealthy(0));
        Assert.Equal(GateReason.FeedUnhealthy, (GateReason)h.Run(Entry(1) with { OrderSymbolId = 0 }).GateReason);
        Assert.True(h.Run(Exit(0, Side.Sell, Unit)).Approved); // reducing risk stays possible on a stale feed

        h.Run(Feed(up));
        Assert.False(h.Gate.IsFeedUnhealthy(0));
        h.Ledger.SetPosition(0, 0, 0, 0);
        Assert.True(h.Run(Entry()).Approved);
    }

    [Fact]
    public void FeedState_StaleAndBookGap_BothMustRecover()
    {
        var h = new GateHarness();
        foreach (var code in new[] { FeedStateCode.Stale, FeedStateCode.BookGap, FeedStateCode.Fresh })
        {
            h.Run(Feed(code));
        }

        Assert.True(h.Gate.IsFeedUnhealthy(0)); // fresh again, but the book is still out of sync
        h.Run(Feed(FeedStateCode.BookInSync));
        Assert.False(h.Gate.IsFeedUnhealthy(0));
    }
}

public sealed class GatingControlTests
{
    private static InputEvent Control(ControlCode code, ModeCause cause, TradingMode target = TradingMode.Active, ushort symbol = 0, bool symbolScope = false) => new()
    {
        Kind = InputKind.Control,
        Valid = true,
        Code = (ushort)code,
        SymbolId = symbol,
        Aux0 = (long)cause,
        Aux1 = (long)target,
        Aux2 = symbolScope ? ControlLayout.SymbolScope : 0,
    };

    [Theory]
    [InlineData(ControlCode.Pause, TradingMode.Reducing)]
    [InlineData(ControlCode.Kill, TradingMode.Halted)]
    public void Control_PauseOrKill_GlobalModeChanges(ControlCode code, TradingMode expected)
    {
        var h = new GateHarness();
        h.Run(Control(code, ModeCause.Operator));
        Assert.Equal(expected, h.State.Mode);
        Assert.False(h.Run(Entry()).Approved);

        h.Run(Control(ControlCode.Resume, ModeCause.Operator));
        Assert.Equal(TradingMode.Active, h.State.Mode);
        Assert.True(h.Run(Entry()).Approved);
    }

    [Fact]
    public void Control_SetStateGlobal_TargetMode()
    {
        var h = new GateHarness();
        h.Run(Control(ControlCode.SetState, ModeCause.NotReconciled, TradingMode.Reducing));
        Assert.Equal(TradingMode.Reducing, h.State.Mode);
    }

    [Fact]
    public void Control_SetStateOneSymbol_OnlyThatSymbolReduces()
    {
        var h = new GateHarness();
        h.Run(Control(ControlCode.SetState, ModeCause.Operator, TradingMode.Reducing, symbol: 1, symbolScope: true));
        Assert.Equal(TradingMode.Active, h.State.Mode);
        Assert.True(h.Run(Entry(0)).Approved);
        Assert.Equal(GateReason.ReducingOnly, (GateReason)h.Run(Entry(1)).GateReason);

        // The stricter of global and symbol: a global HALT blocks the symbol that is only REDUCING, and lifting
        // the global halt leaves the symbol REDUCING.
        h.Run(Control(ControlCode.Kill, ModeCause.Operator));
        h.Run(Control(ControlCode.Resume, ModeCause.Operator));
        Assert.Equal(GateReason.ReducingOnly, (GateReason)h.Run(Entry(1)).GateReason);
    }
}

public sealed class GatingControlCauseTests
{
    private static TradingMode Apply(GateHarness h, params InputEvent[] events)
    {
        foreach (var e in events)
        {
            h.Run(e);
        }

        return h.State.Mode;
    }

    [Fact]
    public void AutomaticCause_NeverLoosensAHaltItDidNotCause()
    {
        var h = new GateHarness(state: new TradingState(3, TradingMode.Halted));
        Assert.Equal(TradingMode.Halted, Apply(h, Control(ControlCode.SetState, ModeCause.NotReconciled, TradingMode.Reducing)));
        Assert.Equal(TradingMode.Halted, Apply(h, Control(ControlCode.Pause, ModeCause.DiskSpaceLow)));
        Assert.Equal(TradingMode.Halted, Apply(h, Control(ControlCode.Resume, ModeCause.None)));
        Assert.Equal(3, h.Gate.RefusedControls);
        Assert.Equal(TradingMode.Active, Apply(h, Control(ControlCode.Resume, ModeCause.Operator)));
    }

    [Fact]
    public void Recovery_LiftsOnlyWhatItsOwnConditionCaused()
    {
        var h = new GateHarness();
        Assert.Equal(TradingMode.Reducing, Apply(h, Control(ControlCode.Pause, ModeCause.DiskSpaceLow)));
        Assert.Equal(TradingMode.Active, Apply(h, Control(ControlCode.Resume, ModeCause.DiskSpaceRecovered)));

        Assert.Equal(TradingMode.Reducing, Apply(h, Control(ControlCode.Pause, ModeCause.DiskSpaceLow), Control(ControlCode.Pause, ModeCause.NotReconciled)));
        Assert.Equal(ModeCause.NotReconciled, h.State.Cause);
        Assert.Equal(TradingMode.Reducing, Apply(h, Control(ControlCode.Resume, ModeCause.DiskSpaceRecovered)));
        Assert.Equal(1, h.Gate.RefusedControls);
    }

    [Theory]
    [InlineData(ModeCause.DailyLossLimit)]
    [InlineData(ModeCause.DrawdownBreaker)]
    [InlineData(ModeCause.RepeatedRejects)]
    public void Permits_ABreakersCause_OnlyMakesStricter(ModeCause cause)
    {
        Assert.True(GatingStage.Permits(TradingMode.Active, ModeCause.Start, TradingMode.Reducing, cause));
        Assert.False(GatingStage.Permits(TradingMode.Halted, ModeCause.Operator, TradingMode.Reducing, cause));
        Assert.False(GatingStage.Permits(TradingMode.Reducing, cause, TradingMode.Active, cause));
    }
}

public sealed class GateAllocationTests
{
    [Fact]
    public void Checks_AfterWarmUp_AllocateNothing()
    {
        var h = new GateHarness(new GateOptions { Symbols = 3, Clusters = [0, 0, -1], MaxClusterPositions = 1 });
        h.Ledger.SetPosition(1, 5 * Unit, 100 * Unit, 97 * Unit);
        var entry = Entry();
        var blocked = Entry(1); // a position exists: blocked after the whole book was valued
        var wrongSide = Exit(1, Side.Buy, Unit);
        var tick = new InputEvent { Kind = InputKind.Trade, Valid = true, Price = new Price(100 * Unit), Quantity = new Quantity(Unit) };
        var gate = h.Gate;
        // The entry passes every check but the last but one (the cluster's positions), so it is not registered (the
        // fake's Register allocates, the gate does not).
        for (var i = 0; i < 100; i++)
        {
            Cycle(gate, entry, blocked, wrongSide, tick, i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2_000; i++)
        {
            Cycle(gate, entry, blocked, wrongSide, tick, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(gate.BlockedFor(GateReason.ClusterPositions) > 2_000, "the entries did not reach the last checks");
        Assert.True(gate.BlockedFor(GateReason.ReduceOnly) > 2_000);
    }

    private static void Cycle(GatingStage gate, InputEvent entry, InputEvent blocked, InputEvent wrongSide, InputEvent tick, long sequence)
    {
        gate.OnEvent(ref entry, sequence, true);
        gate.OnEvent(ref blocked, sequence, true);
        gate.OnEvent(ref wrongSide, sequence, true);
        gate.OnEvent(ref tick, sequence, true);
    }
}
