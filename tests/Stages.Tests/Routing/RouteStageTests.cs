using QuantumTrader.Engine.Time;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Routing;
using Xunit;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Stages.Tests.Routing;

public sealed class RouteStageTests
{
    [Fact]
    public void OnEvent_Approved_SubmitsWithClientOrderIdFromDecisionId()
    {
        var gateway = new CountingOrderGateway();
        var route = new RouteStage(gateway, 7, new ManualClock());
        var e = new InputEvent { OrderSymbolId = 1, Approved = true, OrderSide = Side.Sell, Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry, OrderQuantity = new Quantity(5), DecisionId = 1234 };
        route.OnEvent(ref e, 99, true);
        Assert.Equal(1, gateway.Submitted);
        Assert.Equal(new ClientOrderId(7, 1234), gateway.Last.ClientOrderId);
        Assert.Equal(OrderType.Market, gateway.Last.Type);
        Assert.Equal(Side.Sell, gateway.Last.Side);
        Assert.Equal(1234, e.ClientOrderSequence);
        Assert.Equal("qt7-1234", gateway.Last.ClientOrderId.ToString());
    }

    [Fact]
    public void OnEvent_SlotWithoutExchangeTime_SendsExactlyTheRequestTheJournalWrote()
    {
        // A decision may ride on a slot without an exchange time (e.g. a control or timer event).
        var slot = Tests.Journaling.RecordCodecTests.SampleSlot(3);
        slot.ExchangeTimeNs = 0;
        using var dir = new Tests.Journaling.JournalTestDirectory();
        using (var writer = dir.OpenWriter())
        {
            new QuantumTrader.Stages.Journaling.JournalStage(writer, 7).OnEvent(ref slot, 0, true);
        }

        var gateway = new CountingOrderGateway();
        new RouteStage(gateway, 7, new ManualClock()).OnEvent(ref slot, 0, true);

        OrderRequest journaled = default;
        using (var reader = QuantumTrader.Engine.Journal.JournalReader.Open(dir.Directory))
        {
            while (reader.TryRead(out var r) == QuantumTrader.Engine.Journal.JournalReadResult.Record)
            {
                if (r.Type == QuantumTrader.Stages.Journaling.JournalRecordType.OrderRequest)
                {
                    Assert.True(QuantumTrader.Stages.Journaling.OrderRequestRecord.TryRead(r.Payload, r.Version, out journaled, out _));
                }
            }
        }

        Assert.Equal(1, gateway.Submitted);
        Assert.Equal(journaled, gateway.Last); // the whole request, not only its client order id
    }

    [Fact]
    public void OnEvent_ApprovedButHaltRequestedAfterGate_HeldNotSent()
    {
        var gateway = new CountingOrderGateway();
        var state = new QuantumTrader.Stages.State.TradingState(1);
        var route = new RouteStage(gateway, 1, new ManualClock(), null, state);
        state.RequestHalt("journal faulted");
        var e = new InputEvent { Approved = true, OrderSide = Side.Buy, Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry, OrderQuantity = new Quantity(5), JournalSequence = 3 };
        route.OnEvent(ref e, 0, true);
        Assert.Equal(0, gateway.Submitted);
        Assert.Equal(1, route.HeldByHalt);
        Assert.Equal(0, e.ClientOrderSequence);
    }

    [Fact]
    public void OnEvent_NotApproved_SubmitsNothing()
    {
        var gateway = new CountingOrderGateway();
        var route = new RouteStage(gateway, 1, new ManualClock());
        var e = new InputEvent { Approved = false, OrderSide = Side.Buy, Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry, OrderQuantity = new Quantity(5) };
        route.OnEvent(ref e, 0, true);
        Assert.Equal(0, gateway.Submitted);
        Assert.Equal(0, e.ClientOrderSequence);
    }

    [Fact]
    public void ClientOrderId_FormatAndParse_RoundTripWithinBinancePattern()
    {
        var id = new ClientOrderId(65535, long.MaxValue);
        Span<byte> buffer = stackalloc byte[36];
        Assert.True(id.TryFormat(buffer, out var written));
        var text = System.Text.Encoding.ASCII.GetString(buffer[..written]);
        Assert.Matches("^[\\.A-Z\\:/a-z0-9_-]{1,36}$", text);
        Assert.True(ClientOrderId.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.False(ClientOrderId.TryParse("web_123", out _));
    }
}

public sealed class RouteRefusalTests
{
    private const long Unit = FixedPoint.Scale;

    private static (QuantumTrader.Stages.Risk.GatingStage Gate, InputEvent Slot) Approved(QuantumTrader.Stages.State.TradingState state)
    {
        var ledger = new QuantumTrader.Testing.Account.FakeOrderLedger(1);
        var gate = new QuantumTrader.Stages.Risk.GatingStage(state, ledger, new QuantumTrader.Stages.Risk.GateOptions(), decisionBase: 100, run: 77);
        var order = new InputEvent
        {
            Kind = InputKind.Timer,
            OrderSide = Side.Buy,
            Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry,
            OrderQuantity = new Quantity(2 * Unit),
            OrderReferencePrice = new Price(100 * Unit),
            StopLossPrice = new Price(97 * Unit),
            OrderLeverage = new Leverage(2 * Unit),
            ExchangeTimeNs = 5,
        };
        gate.OnEvent(ref order, 1, true);
        Assert.True(order.Approved);
        Assert.Equal(2 * Unit, ledger.OpenEntryExposure(0)); // registered with the ledger, which owns its release
        return (gate, order);
    }

    [Fact]
    public void RefusedByTheGateway_RejectionThroughTheOutbox_ForTheApprovedOrder()
    {
        var state = new QuantumTrader.Stages.State.TradingState(1);
        var (gate, slot) = Approved(state);
        var outbox = new RefusalOutbox(4);
        var route = new RouteStage(new RefusingGateway(), 1, new ManualClock(), null, state, outbox, run: 77);
        route.OnEvent(ref slot, 1, true);
        Assert.Equal(1, route.Refused);

        var ring = new RecordingSink();
        Assert.Equal(1, outbox.Drain(ring));
        var rejection = Assert.Single(ring.Snapshot());
        Assert.Equal(InputKind.OrderUpdate, rejection.Kind);
        Assert.Equal((ushort)OrderUpdateCode.Rejected, rejection.Code);
        Assert.Equal((long)OrderRejectReason.RefusedByGateway, rejection.Aux3);
        Assert.Equal(new ClientOrderId(1, slot.DecisionId, 77), rejection.ClientOrderId);
        Assert.Equal(0, rejection.ReceiveTimeNs); // measures no latency

        gate.OnEvent(ref rejection, 2, true);
        Assert.Equal(1, gate.ConsecutiveRejects(0)); // a refusal counts toward the symbol's consecutive rejects
    }

    [Fact]
    public void HeldByAHalt_RejectionThroughTheRelaySink_ForTheApprovedOrder()
    {
        var state = new QuantumTrader.Stages.State.TradingState(1);
        var (gate, slot) = Approved(state);
        var outbox = new RefusalOutbox(4);
        var gateway = new CountingOrderGateway();
        var route = new RouteStage(gateway, 1, new ManualClock(), null, state, outbox, run: 77);
        state.RequestHalt("journal faulted");
        route.OnEvent(ref slot, 1, true);
        Assert.Equal(0, gateway.Submitted);

        // The next event any producer publishes carries the rejection in ahead of it.
        var ring = new RecordingSink();
        var relay = new RefusalRelaySink(ring, outbox);
        relay.Publish(new InputEvent { Kind = InputKind.Timer });
        var events = ring.Snapshot();
        Assert.Equal(2, events.Count);
        Assert.Equal((long)OrderRejectReason.HeldByHalt, events[0].Aux3);
        Assert.Equal(InputKind.Timer, events[1].Kind);
        Assert.Equal(slot.DecisionId, events[0].ClientOrderId.Sequence);
        var rejection = events[0];
        gate.OnEvent(ref rejection, 2, true);
        Assert.Equal(0, gate.ConsecutiveRejects(0)); // held by our own halt: not the venue's verdict, not counted
    }

    [Fact]
    public void Outbox_Full_NeverBlocksCountsTheLoss()
    {
        var outbox = new RefusalOutbox(2);
        var e = new InputEvent { Kind = InputKind.OrderUpdate };
        Assert.True(outbox.TryPost(in e));
        Assert.True(outbox.TryPost(in e));
        Assert.False(outbox.TryPost(in e));
        Assert.Equal(1, outbox.Lost);
        Assert.Equal(2, outbox.Drain(new RecordingSink()));
        Assert.True(outbox.TryPost(in e));
    }

    [Fact]
    public void ClientOrderId_WithRun_WorstCaseFitsBinancePatternAndRoundTrips()
    {
        Span<byte> buffer = stackalloc byte[ClientOrderId.MaxLength];
        foreach (var id in new[]
        {
            new ClientOrderId(65535, long.MaxValue, long.MaxValue),
            new ClientOrderId(1, 45158, 1_796_000_000_123_456_789),
            new ClientOrderId(1, 0, 1),
        })
        {
            Assert.True(id.TryFormat(buffer, out var written));
            var text = System.Text.Encoding.ASCII.GetString(buffer[..written]);
            Assert.Matches("^[\\.A-Z\\:/a-z0-9_-]{1,36}$", text);
            Assert.Equal(text, id.ToString());
            Assert.True(ClientOrderId.TryParse(text, out var parsed), text);
            Assert.Equal(id, parsed);
        }

        Assert.NotEqual(new ClientOrderId(1, 45158, 1).ToString(), new ClientOrderId(1, 45158, 2).ToString());
        Assert.True(ClientOrderId.TryParse("qt1-45158", out var legacy)); // ids of older builds (run 0)
        Assert.Equal(new ClientOrderId(1, 45158), legacy);
        Assert.False(ClientOrderId.TryParse("qt1-0-5", out _)); // run 0 is only ever written in the older form
        Assert.False(ClientOrderId.TryParse("qt1-ZZ-5", out _));
    }
}
