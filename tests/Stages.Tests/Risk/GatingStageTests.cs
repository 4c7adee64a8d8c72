using QuantumTrader.Model;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;
using Xunit;

namespace QuantumTrader.Stages.Tests.Risk;

public sealed class GatingStageTests
{
    private const long Unit = FixedPoint.Scale;

    private static InputEvent PriceTick(long price) => new()
    {
        Kind = InputKind.Trade,
        Valid = true,
        Price = new Price(price * Unit),
        Quantity = new Quantity(Unit),
    };

    private static InputEvent Order(Side side, long qty) => new()
    {
        Kind = InputKind.Timer,
        OrderSide = side,
        Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry,
        OrderQuantity = new Quantity(qty * Unit),
        OrderReferencePrice = new Price(100 * Unit), // what sizing priced it at
    };

    private static GatingStage Gate(TradingState state, long maxNotional = 1_000)
    {
        var gate = new GatingStage(state, 1, maxNotional * Unit);
        var tick = PriceTick(100);
        gate.OnEvent(ref tick, 0, true);
        return gate;
    }

    [Fact]
    public void OnEvent_WithinLimit_Approved()
    {
        var gate = Gate(new TradingState(1));
        var e = Order(Side.Buy, 5); // 500 notional
        gate.OnEvent(ref e, 1, true);
        Assert.True(e.Approved);
        Assert.Equal(0, e.GateReason);
    }

    [Fact]
    public void OnEvent_OpenExposurePastLimit_BlockedPositionLimit()
    {
        var gate = Gate(new TradingState(1));
        var first = Order(Side.Buy, 6);
        var second = Order(Side.Buy, 6); // 1,200 with the first still open
        gate.OnEvent(ref first, 1, false);
        gate.OnEvent(ref second, 2, true);
        Assert.True(first.Approved);
        Assert.False(second.Approved);
        Assert.Equal((byte)GateReason.PositionLimit, second.GateReason);
    }

    [Fact]
    public void OnEvent_ReducingOrderPastLimit_StillApproved()
    {
        var gate = Gate(new TradingState(1));
        var buy = Order(Side.Buy, 9);
        var sell = Order(Side.Sell, 3);
        gate.OnEvent(ref buy, 1, false);
        gate.OnEvent(ref sell, 2, true);
        Assert.True(sell.Approved);
    }

    [Fact]
    public void OnEvent_HaltRequestedFromAnotherThread_BlocksEveryOrder()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        var t = new Thread(() => state.RequestHalt("stage features faulted"));
        t.Start();
        Assert.True(t.Join(TimeSpan.FromMinutes(1)), "the halting thread did not finish");
        var e = Order(Side.Buy, 1);
        gate.OnEvent(ref e, 1, true);
        Assert.False(e.Approved);
        Assert.Equal((byte)GateReason.Halted, e.GateReason);
        Assert.Equal(TradingMode.Halted, state.Mode);
        Assert.Equal("stage features faulted", state.ModeReason);
    }

    [Fact]
    public void OnEvent_Reducing_OnlyRiskReducingOrdersPass()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        var open = Order(Side.Buy, 4);
        gate.OnEvent(ref open, 1, false);
        var pause = new InputEvent { Kind = InputKind.Control, Code = (ushort)ControlCode.Pause, Aux0 = (long)ModeCause.Operator };
        gate.OnEvent(ref pause, 2, false);
        var more = Order(Side.Buy, 1);
        var reduce = Order(Side.Sell, 2);
        gate.OnEvent(ref more, 2, false);
        gate.OnEvent(ref reduce, 3, true);
        Assert.Equal((byte)GateReason.ReducingOnly, more.GateReason);
        Assert.True(reduce.Approved);
    }

    [Fact]
    public void OnEvent_NoPriceYet_BlockedNoPrice()
    {
        var gate = new GatingStage(new TradingState(1), 1, 1_000 * Unit);
        var e = Order(Side.Buy, 1);
        e.OrderReferencePrice = default;
        gate.OnEvent(ref e, 0, true);
        Assert.Equal((byte)GateReason.NoPrice, e.GateReason);
    }

    private static InputEvent Update(OrderUpdateCode code, long decisionId, Side side = Side.Buy, long lastQty = 0, long cumulative = 0) => new()
    {
        Kind = InputKind.OrderUpdate,
        Code = (ushort)code,
        Flags = (ushort)side,
        ClientOrderId = new QuantumTrader.Model.Orders.ClientOrderId(1, decisionId),
        Quantity = new Quantity(lastQty * Unit),
        Aux0 = cumulative * Unit,
        ExchangeTimeNs = 42,
    };

    private static long Approve(GatingStage gate, Side side, long qty, long sequence)
    {
        var e = Order(side, qty);
        gate.OnEvent(ref e, sequence, true);
        Assert.True(e.Approved);
        return e.DecisionId;
    }

    [Fact]
    public void OrderUpdate_PartialThenDuplicateThenFinalFill_PositionCountsEachUnitOnce()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        var id = Approve(gate, Side.Buy, 5, 10);
        Assert.Equal(11, id); // decision id = base (0) + ring sequence + 1

        foreach (var u in new[]
        {
            Update(OrderUpdateCode.PartiallyFilled, id, Side.Buy, 2, 2),
            Update(OrderUpdateCode.PartiallyFilled, id, Side.Buy, 2, 2), // the same fill again (REST + user stream)
            Update(OrderUpdateCode.Filled, id, Side.Buy, 3, 5),
        })
        {
            var e = u;
            gate.OnEvent(ref e, 20, true);
        }

        Assert.Equal(5 * Unit, state.Position(0).Raw);
        Assert.Equal(0, gate.OpenExposure(0));
        Assert.Equal(1, gate.DuplicateFills);
        Assert.True(state.IsOpen(0));
    }

    [Fact]
    public void OrderUpdate_Rejected_ReleasesOpenExposure()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        var id = Approve(gate, Side.Sell, 4, 3);
        Assert.Equal(-4 * Unit, gate.OpenExposure(0));
        var reject = Update(OrderUpdateCode.Rejected, id);
        gate.OnEvent(ref reject, 4, true);
        Assert.Equal(0, gate.OpenExposure(0));
        Assert.Equal(0, state.Position(0).Raw);
    }

    [Fact]
    public void OrderUpdate_UnknownOutcome_ReducingUntilResolvedThenActive()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        var id = Approve(gate, Side.Buy, 2, 5);
        var unknown = Update(OrderUpdateCode.UnknownOutcome, id);
        gate.OnEvent(ref unknown, 6, true);
        Assert.Equal(TradingMode.Reducing, state.Mode);

        var more = Order(Side.Buy, 1);
        gate.OnEvent(ref more, 7, true);
        Assert.Equal((byte)GateReason.ReducingOnly, more.GateReason); // no new risk while an outcome is unknown

        var found = Update(OrderUpdateCode.ResolvedNotFound, id);
        gate.OnEvent(ref found, 8, true);
        Assert.Equal(TradingMode.Active, state.Mode);
        Assert.Equal(0, gate.OpenExposure(0)); // the order never existed: its exposure is released
    }

    [Fact]
    public void OrderUpdate_ForAnOrderNeverApproved_CountedAndIgnored()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        var stray = Update(OrderUpdateCode.Filled, 999, Side.Buy, 1, 1);
        gate.OnEvent(ref stray, 1, true);
        Assert.Equal(1, gate.UnknownOrderUpdates);
        Assert.Equal(0, state.Position(0).Raw);
    }

    private static InputEvent Feed(FeedStateCode code) => new() { Kind = InputKind.FeedState, Code = (ushort)code };

    [Theory]
    [InlineData(FeedStateCode.BookResyncing, FeedStateCode.BookInSync)]
    [InlineData(FeedStateCode.BookGap, FeedStateCode.BookInSync)]
    [InlineData(FeedStateCode.BufferOverflow, FeedStateCode.BookInSync)]
    [InlineData(FeedStateCode.Stale, FeedStateCode.Fresh)]
    [InlineData(FeedStateCode.Disconnected, FeedStateCode.Connected)]
    public void FeedState_UnusableData_OnlyReducingOrdersUntilRecovered(FeedStateCode down, FeedStateCode up)
    {
        var gate = Gate(new TradingState(1));
        Approve(gate, Side.Buy, 3, 1);
        var bad = Feed(down);
        gate.OnEvent(ref bad, 2, true);
        Assert.True(gate.IsFeedUnhealthy(0));

        var more = Order(Side.Buy, 1);
        gate.OnEvent(ref more, 3, true);
        Assert.Equal((byte)GateReason.FeedUnhealthy, more.GateReason);
        var reduce = Order(Side.Sell, 1);
        gate.OnEvent(ref reduce, 4, true);
        Assert.True(reduce.Approved); // reducing risk stays possible on a stale feed

        var good = Feed(up);
        gate.OnEvent(ref good, 5, true);
        Assert.False(gate.IsFeedUnhealthy(0));
        var again = Order(Side.Buy, 1);
        gate.OnEvent(ref again, 6, true);
        Assert.True(again.Approved);
    }

    [Fact]
    public void FeedState_StaleAndBookGap_BothMustRecover()
    {
        var gate = Gate(new TradingState(1));
        foreach (var code in new[] { FeedStateCode.Stale, FeedStateCode.BookGap, FeedStateCode.Fresh })
        {
            var e = Feed(code);
            gate.OnEvent(ref e, 1, true);
        }

        Assert.True(gate.IsFeedUnhealthy(0)); // fresh again, but the book is still out of sync
        var sync = Feed(FeedStateCode.BookInSync);
        gate.OnEvent(ref sync, 2, true);
        Assert.False(gate.IsFeedUnhealthy(0));
    }
}

public sealed class GatingControlTests
{
    private const long Unit = FixedPoint.Scale;

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

    private static InputEvent Order(Side side, long qty, ushort symbol = 0) => new()
    {
        Kind = InputKind.Timer,
        OrderSide = side,
        OrderSymbolId = symbol,
        Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry,
        OrderQuantity = new Quantity(qty * Unit),
        OrderReferencePrice = new Price(100 * Unit), // what sizing priced it at
    };

    private static GatingStage Gate(TradingState state, int symbols = 1)
    {
        var gate = new GatingStage(state, symbols, 1_000_000 * Unit);
        for (ushort s = 0; s < symbols; s++)
        {
            var tick = new InputEvent { Kind = InputKind.Trade, Valid = true, SymbolId = s, Price = new Price(100 * Unit), Quantity = new Quantity(Unit) };
            gate.OnEvent(ref tick, 0, true);
        }

        return gate;
    }

    private static void Apply(GatingStage gate, InputEvent e, long sequence = 1) => gate.OnEvent(ref e, sequence, true);

    [Theory]
    [InlineData(ControlCode.Pause, TradingMode.Reducing)]
    [InlineData(ControlCode.Kill, TradingMode.Halted)]
    public void Control_PauseOrKill_GlobalModeChanges(ControlCode code, TradingMode expected)
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        Apply(gate, Control(code, ModeCause.Operator));
        Assert.Equal(expected, state.Mode);
        var open = Order(Side.Buy, 1);
        gate.OnEvent(ref open, 2, true);
        Assert.False(open.Approved);

        Apply(gate, Control(ControlCode.Resume, ModeCause.Operator), 3);
        Assert.Equal(TradingMode.Active, state.Mode);
        var again = Order(Side.Buy, 1);
        gate.OnEvent(ref again, 4, true);
        Assert.True(again.Approved);
    }

    [Fact]
    public void Control_SetStateGlobal_TargetMode()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        Apply(gate, Control(ControlCode.SetState, ModeCause.NotReconciled, TradingMode.Reducing));
        Assert.Equal(TradingMode.Reducing, state.Mode);
    }

    [Fact]
    public void Control_SetStateOneSymbol_OnlyThatSymbolReduces()
    {
        var state = new TradingState(2);
        var gate = Gate(state, 2);
        Apply(gate, Control(ControlCode.SetState, ModeCause.Operator, TradingMode.Reducing, symbol: 1, symbolScope: true));
        Assert.Equal(TradingMode.Active, state.Mode);
        var other = Order(Side.Buy, 1, symbol: 0);
        var paused = Order(Side.Buy, 1, symbol: 1);
        gate.OnEvent(ref other, 2, true);
        gate.OnEvent(ref paused, 3, true);
        Assert.True(other.Approved);
        Assert.Equal((byte)GateReason.ReducingOnly, paused.GateReason);

        // The stricter of global and symbol: a global HALT blocks the symbol that is only REDUCING, and lifting
        // the global halt leaves the symbol REDUCING.
        Apply(gate, Control(ControlCode.Kill, ModeCause.Operator), 4);
        Apply(gate, Control(ControlCode.Resume, ModeCause.Operator), 5);
        var still = Order(Side.Buy, 1, symbol: 1);
        gate.OnEvent(ref still, 6, true);
        Assert.Equal((byte)GateReason.ReducingOnly, still.GateReason);
    }

    [Fact]
    public void UnknownOutcomeResolved_WhileReducingForAnotherCause_StaysReducing()
    {
        var state = new TradingState(1);
        var gate = Gate(state);
        var buy = Order(Side.Buy, 1);
        gate.OnEvent(ref buy, 1, true);
        Assert.True(buy.Approved);
        var unknown = new InputEvent { Kind = InputKind.OrderUpdate, Code = (ushort)OrderUpdateCode.UnknownOutcome, ClientOrderId = new QuantumTrader.Model.Orders.ClientOrderId(1, buy.DecisionId) };
        gate.OnEvent(ref unknown, 2, true);
        Assert.Equal(TradingMode.Reducing, state.Mode);

        // Not reconciled with the venue: REDUCING for a reason that resolving the order does not remove.
        Apply(gate, Control(ControlCode.Pause, ModeCause.NotReconciled), 3);
        var found = new InputEvent { Kind = InputKind.OrderUpdate, Code = (ushort)OrderUpdateCode.ResolvedNotFound, ClientOrderId = new QuantumTrader.Model.Orders.ClientOrderId(1, buy.DecisionId) };
        gate.OnEvent(ref found, 4, true);
        Assert.Equal(TradingMode.Reducing, state.Mode);
    }
}

public sealed class GatingControlCauseTests
{
    private static InputEvent Control(ControlCode code, ModeCause cause, TradingMode target = TradingMode.Active) => new()
    {
        Kind = InputKind.Control,
        Code = (ushort)code,
        Aux0 = (long)cause,
        Aux1 = (long)target,
    };

    private static TradingMode Apply(GatingStage gate, params InputEvent[] events)
    {
        foreach (var e in events)
        {
            var slot = e;
            gate.OnEvent(ref slot, 1, true);
        }

        return gate.State.Mode;
    }

    [Fact]
    public void AutomaticCause_NeverLoosensAHaltItDidNotCause()
    {
        var gate = new GatingStage(new TradingState(1, TradingMode.Halted), 1, long.MaxValue);
        Assert.Equal(TradingMode.Halted, Apply(gate, Control(ControlCode.SetState, ModeCause.NotReconciled, TradingMode.Reducing)));
        Assert.Equal(TradingMode.Halted, Apply(gate, Control(ControlCode.Pause, ModeCause.DiskSpaceLow)));
        Assert.Equal(TradingMode.Halted, Apply(gate, Control(ControlCode.Resume, ModeCause.None)));
        Assert.Equal(3, gate.RefusedControls);
        Assert.Equal(TradingMode.Active, Apply(gate, Control(ControlCode.Resume, ModeCause.Operator)));
    }

    [Fact]
    public void Recovery_LiftsOnlyWhatItsOwnConditionCaused()
    {
        var gate = new GatingStage(new TradingState(1), 1, long.MaxValue);
        Assert.Equal(TradingMode.Reducing, Apply(gate, Control(ControlCode.Pause, ModeCause.DiskSpaceLow)));
        Assert.Equal(TradingMode.Active, Apply(gate, Control(ControlCode.Resume, ModeCause.DiskSpaceRecovered)));

        Assert.Equal(TradingMode.Reducing, Apply(gate, Control(ControlCode.Pause, ModeCause.DiskSpaceLow), Control(ControlCode.Pause, ModeCause.NotReconciled)));
        Assert.Equal(ModeCause.NotReconciled, gate.State.Cause);
        Assert.Equal(TradingMode.Reducing, Apply(gate, Control(ControlCode.Resume, ModeCause.DiskSpaceRecovered)));
        Assert.Equal(1, gate.RefusedControls);
    }
}
