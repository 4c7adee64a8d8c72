using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using Xunit;
using static QuantumTrader.Stages.Tests.Account.LedgerEvents;

namespace QuantumTrader.Stages.Tests.Account;

public sealed class LedgerStateMachineTests
{
    private const long Id = 1001;
    private static readonly long Qty = P(10);
    private static readonly long Px = P(100);

    private static readonly OrderUpdateCode[] Codes =
    [
        OrderUpdateCode.Accepted, OrderUpdateCode.PartiallyFilled, OrderUpdateCode.Filled, OrderUpdateCode.Canceled,
        OrderUpdateCode.Expired, OrderUpdateCode.Rejected, OrderUpdateCode.UnknownOutcome, OrderUpdateCode.ResolvedNotFound,
        OrderUpdateCode.CancelRejected,
    ];

    // Rows: the state before; columns in the order of Codes: the state after, '!' appended when the update is
    // illegal (counted, ignored; the state stays).
    private static readonly (OrderState From, string[] To)[] Table =
    [
        (OrderState.PendingNew, ["New", "PartiallyFilled", "Filled", "Canceled", "Expired", "Rejected", "Unknown", "Rejected", "PendingNew"]),
        (OrderState.New, ["New", "PartiallyFilled", "Filled", "Canceled", "Expired", "New!", "New!", "New!", "New"]),
        (OrderState.PartiallyFilled, ["PartiallyFilled!", "PartiallyFilled", "Filled", "Canceled", "Expired", "PartiallyFilled!", "PartiallyFilled!", "PartiallyFilled!", "PartiallyFilled"]),
        (OrderState.Filled, ["Filled!", "Filled!", "Filled!", "Filled!", "Filled!", "Filled!", "Filled!", "Filled!", "Filled"]),
        (OrderState.Canceled, ["Canceled!", "Canceled!", "Canceled!", "Canceled!", "Canceled!", "Canceled!", "Canceled!", "Canceled!", "Canceled"]),
        (OrderState.Rejected, ["Rejected!", "Rejected!", "Rejected!", "Rejected!", "Rejected!", "Rejected!", "Rejected!", "Rejected!", "Rejected"]),
        (OrderState.Expired, ["Expired!", "Expired!", "Expired!", "Expired!", "Expired!", "Expired!", "Expired!", "Expired!", "Expired"]),
        (OrderState.Unknown, ["New", "PartiallyFilled", "Filled", "Canceled", "Expired", "Rejected", "Unknown", "Rejected", "Unknown"]),
    ];

    public static TheoryData<OrderState, OrderUpdateCode, OrderState, bool> Transitions()
    {
        var data = new TheoryData<OrderState, OrderUpdateCode, OrderState, bool>();
        foreach (var (from, to) in Table)
        {
            for (var c = 0; c < Codes.Length; c++)
            {
                var illegal = to[c].EndsWith('!');
                data.Add(from, Codes[c], Enum.Parse<OrderState>(to[c].TrimEnd('!')), illegal);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Update_FromEveryState_MovesOrCountsIllegal(OrderState from, OrderUpdateCode code, OrderState expected, bool illegal)
    {
        var ledger = NewLedger();
        ledger.Register(Id, Order(0, Side.Buy, Qty));
        DriveTo(ledger, from);
        var filledBefore = ledger.Position(0);
        var illegalBefore = ledger.IllegalTransitions;

        ledger.Apply(Step(code, filledBefore, tradeId: 99));

        Assert.True(ledger.TryGetOrder(Id, out var order));
        Assert.Equal(expected, order.State);
        Assert.Equal(illegal ? 1 : 0, ledger.IllegalTransitions - illegalBefore);
        var final = expected is OrderState.Filled or OrderState.Canceled or OrderState.Rejected or OrderState.Expired;
        Assert.Equal(final ? 0 : 1, ledger.OpenOrders);
        Assert.Equal(expected == OrderState.Unknown ? 1 : 0, ledger.UnresolvedOrders);
        Assert.Equal(order.Filled, ledger.Position(0)); // the position is exactly what was filled
        Assert.Equal(final ? 0 : Qty - order.Filled, ledger.OpenEntryExposure(0));
        Assert.Equal(code == OrderUpdateCode.CancelRejected ? 1 : 0, ledger.CancelRejects);
    }

    [Fact]
    public void Update_OtherRun_CountedAsForeignAndIgnored()
    {
        var ledger = NewLedger();
        ledger.Register(Id, Order(0, Side.Buy, Qty));

        ledger.Apply(Update(Id, OrderUpdateCode.Filled, Px, Qty, Qty, tradeId: 5, run: Run + 1));
        ledger.Apply(Update(Id + 1, OrderUpdateCode.Filled, Px, Qty, Qty, tradeId: 6));

        Assert.Equal(1, ledger.ForeignOrderUpdates);
        Assert.Equal(1, ledger.UnknownOrderUpdates);
        Assert.Equal(0, ledger.Position(0));
        Assert.True(ledger.TryGetOrder(Id, out var order));
        Assert.Equal(OrderState.PendingNew, order.State);
    }

    [Theory]
    [InlineData(OrderRejectReason.RefusedByGateway)]
    [InlineData(OrderRejectReason.HeldByHalt)]
    [InlineData(OrderRejectReason.Margin)]
    public void Rejected_ReleasesTheEntryExposure(OrderRejectReason reason)
    {
        var ledger = NewLedger();
        ledger.Register(Id, Order(0, Side.Sell, Qty));
        Assert.Equal(-Qty, ledger.OpenEntryExposure(0));

        ledger.Apply(Update(Id, OrderUpdateCode.Rejected, reason: reason));

        Assert.True(ledger.TryGetOrder(Id, out var order));
        Assert.Equal(OrderState.Rejected, order.State);
        Assert.Equal(0, ledger.OpenEntryExposure(0));
        Assert.Equal(0, ledger.OpenOrders);
    }

    [Fact]
    public void Register_SameDecisionIdTwice_SecondCountedAndIgnored()
    {
        var ledger = NewLedger();
        ledger.Register(Id, Order(0, Side.Buy, Qty));
        ledger.Register(Id, Order(1, Side.Sell, Qty));
        ledger.Register(Id + 1, Order(9, Side.Sell, Qty)); // no such symbol

        Assert.Equal(2, ledger.InvalidRegistrations);
        Assert.Equal(1, ledger.OpenOrders);
        Assert.True(ledger.TryGetOrder(Id, out var order));
        Assert.Equal((ushort)0, order.SymbolId);
    }

    [Fact]
    public void TryFindOrder_NewestLiveOrderOfThePurpose_FinishedOnesNotFound()
    {
        var ledger = NewLedger();
        ledger.Register(1, Order(0, Side.Sell, 0, OrderPurpose.ProtectiveStop, closePosition: true, stopPrice: P(95)));
        ledger.Register(2, Order(0, Side.Sell, 0, OrderPurpose.TakeProfit, closePosition: true, stopPrice: P(110)));
        ledger.Register(3, Order(0, Side.Sell, 0, OrderPurpose.ProtectiveStop, closePosition: true, stopPrice: P(100)));
        ledger.Register(4, Order(1, Side.Buy, 0, OrderPurpose.ProtectiveStop, closePosition: true, stopPrice: P(5)));

        Assert.True(ledger.TryFindOrder(0, OrderPurpose.ProtectiveStop, out var stop));
        Assert.Equal(3, stop.DecisionId);
        Assert.Equal(P(100), stop.StopPrice);
        Assert.Equal(0, ledger.OpenEntryExposure(0)); // close-position orders never add risk

        ledger.Apply(Update(3, OrderUpdateCode.Canceled));
        Assert.True(ledger.TryFindOrder(0, OrderPurpose.ProtectiveStop, out stop));
        Assert.Equal(1, stop.DecisionId);

        ledger.Apply(Update(1, OrderUpdateCode.Canceled));
        Assert.False(ledger.TryFindOrder(0, OrderPurpose.ProtectiveStop, out _));
        Assert.True(ledger.TryFindOrder(0, OrderPurpose.TakeProfit, out var tp));
        Assert.Equal(2, tp.DecisionId);
        Assert.True(ledger.TryGetOrder(3, out var cancelled));
        Assert.Equal(OrderState.Canceled, cancelled.State);
    }

    [Fact]
    public void Register_TableFull_ReusesTheOldestFinishedSlot_ThrowsWhenAllAreLive()
    {
        var ledger = NewLedger(orderCapacity: 2);
        ledger.Register(1, Order(0, Side.Buy, Qty));
        ledger.Register(2, Order(0, Side.Buy, Qty));
        ledger.Apply(Update(1, OrderUpdateCode.Canceled));

        ledger.Register(3, Order(0, Side.Buy, Qty));

        Assert.False(ledger.TryGetOrder(1, out _)); // forgotten: the oldest finished order
        Assert.True(ledger.TryGetOrder(2, out _));
        Assert.True(ledger.TryGetOrder(3, out _));
        Assert.Throws<InvalidOperationException>(() => ledger.Register(4, Order(0, Side.Buy, Qty)));
    }

    private static void DriveTo(Ledger ledger, OrderState state)
    {
        switch (state)
        {
            case OrderState.New:
                ledger.Apply(Update(Id, OrderUpdateCode.Accepted));
                break;
            case OrderState.PartiallyFilled:
                ledger.Apply(Update(Id, OrderUpdateCode.Accepted));
                ledger.Apply(Update(Id, OrderUpdateCode.PartiallyFilled, Px, P(1), P(1), tradeId: 1));
                break;
            case OrderState.Filled:
                ledger.Apply(Update(Id, OrderUpdateCode.Filled, Px, Qty, Qty, tradeId: 1));
                break;
            case OrderState.Canceled:
                ledger.Apply(Update(Id, OrderUpdateCode.Accepted));
                ledger.Apply(Update(Id, OrderUpdateCode.Canceled));
                break;
            case OrderState.Rejected:
                ledger.Apply(Update(Id, OrderUpdateCode.Rejected, reason: OrderRejectReason.Margin));
                break;
            case OrderState.Expired:
                ledger.Apply(Update(Id, OrderUpdateCode.Accepted));
                ledger.Apply(Update(Id, OrderUpdateCode.Expired));
                break;
            case OrderState.Unknown:
                ledger.Apply(Update(Id, OrderUpdateCode.UnknownOutcome));
                break;
        }

        Assert.True(ledger.TryGetOrder(Id, out var order));
        Assert.Equal(state, order.State);
    }

    // The update under test: fills are new fills (a fresh trade id); a partial fill takes one unit, a fill the rest.
    private static InputEvent Step(OrderUpdateCode code, long filled, long tradeId) => code switch
    {
        OrderUpdateCode.PartiallyFilled => Update(Id, code, Px, P(1), filled + P(1), tradeId: tradeId),
        OrderUpdateCode.Filled => Update(Id, code, Px, Qty - filled, Qty, tradeId: tradeId),
        _ => Update(Id, code),
    };
}
