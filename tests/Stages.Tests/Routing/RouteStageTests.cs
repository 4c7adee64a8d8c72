using QuantumTrader.Engine.Time;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Model.Orders;
using QuantumTrader.Stages.Routing;
using Xunit;

namespace QuantumTrader.Stages.Tests.Routing;

public sealed class RouteStageTests
{
    [Fact]
    public void OnEvent_Approved_SubmitsWithClientOrderIdFromDecisionId()
    {
        var gateway = new CountingOrderGateway();
        var route = new RouteStage(gateway, 7, new ManualClock());
        var e = new InputEvent { SignalSymbolId = 1, Approved = true, SignalSide = Side.Sell, OrderQuantity = new Quantity(5), DecisionId = 1234 };
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
        var e = new InputEvent { Approved = true, SignalSide = Side.Buy, OrderQuantity = new Quantity(5), JournalSequence = 3 };
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
        var e = new InputEvent { Approved = false, SignalSide = Side.Buy, OrderQuantity = new Quantity(5) };
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
