using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using Xunit;

namespace QuantumTrader.Stages.Tests.Journaling;

public sealed class RecordCodecTests
{
    internal static InputEvent SampleSlot(long salt)
    {
        var e = new InputEvent
        {
            Kind = InputKind.Trade,
            Venue = Venue.BinanceUsdM,
            SymbolId = (ushort)(salt % 3),
            Flags = 1,
            Code = 9,
            ExchangeTimeNs = 1_700_000_000_000_000_000 + salt,
            ReceiveTimeNs = 1_700_000_000_000_100_000 + salt,
            SourceSequence = 123_456 + salt,
            Price = new Price(6_500_012_000_000 + salt),
            Quantity = new Quantity(1_000_000 + salt),
            BidPrice = new Price(6_500_000_000_000),
            BidQuantity = new Quantity(2_000_000),
            AskPrice = new Price(6_500_010_000_000),
            AskQuantity = new Quantity(3_000_000),
            Aux0 = -1,
            Aux1 = long.MaxValue,
            Aux2 = long.MinValue,
            Aux3 = salt,
            Valid = true,
            RejectReason = 0,
            Inferred = true,
            ProbSell = 0.1f,
            ProbHold = 0.2f,
            ProbBuy = 0.7f,
            Consensus = 3,
            ModelsVoting = 4,
            SignalSide = Side.Buy,
            InferenceSymbolId = (ushort)(salt % 3),
            EnsembleHash = 0x1234_5678_9ABC_DEF0 + salt,
            ModelVotes = 0b11_10_01,
            FeaturesSequence = 4_000 + salt,
            InferenceTimeNs = 1_700_000_000_000_000_000 + salt,
            EnsembleSide = Side.Buy,
            SignalSymbolId = (ushort)(salt % 3),
            DecisionId = 5_000 + salt,
            Confidence = 0.7f,
            OrderQuantity = new Quantity(300_000),
            Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry,
            OrderSide = Side.Buy,
            OrderSymbolId = (ushort)(salt % 3),
            OrderPrice = default,
            OrderReferencePrice = new Price(6_500_005_000_000 + salt),
            Approved = true,
        };
        return e;
    }

    [Fact]
    public void InputRecord_WriteThenRead_RoundTripsEveryInputField()
    {
        var e = SampleSlot(17);
        var buffer = new byte[InputRecord.Size];
        InputRecord.Write(buffer, in e);
        var back = default(InputEvent);
        Assert.True(InputRecord.TryRead(buffer, InputRecord.Version, ref back));
        Assert.Equal(e.Kind, back.Kind);
        Assert.Equal(e.Venue, back.Venue);
        Assert.Equal(e.SymbolId, back.SymbolId);
        Assert.Equal(e.Flags, back.Flags);
        Assert.Equal(e.Code, back.Code);
        Assert.Equal(e.ExchangeTimeNs, back.ExchangeTimeNs);
        Assert.Equal(e.ReceiveTimeNs, back.ReceiveTimeNs);
        Assert.Equal(e.SourceSequence, back.SourceSequence);
        Assert.Equal(e.Price, back.Price);
        Assert.Equal(e.Quantity, back.Quantity);
        Assert.Equal(e.BidPrice, back.BidPrice);
        Assert.Equal(e.BidQuantity, back.BidQuantity);
        Assert.Equal(e.AskPrice, back.AskPrice);
        Assert.Equal(e.AskQuantity, back.AskQuantity);
        Assert.Equal(e.Aux0, back.Aux0);
        Assert.Equal(e.Aux1, back.Aux1);
        Assert.Equal(e.Aux2, back.Aux2);
        Assert.Equal(e.Aux3, back.Aux3);
        Assert.Equal(e.Valid, back.Valid);
        Assert.Equal(e.RejectReason, back.RejectReason);
    }

    [Fact]
    public void InputRecord_NewerVersionOrShortPayload_IsRejected()
    {
        var e = SampleSlot(1);
        var buffer = new byte[InputRecord.Size];
        InputRecord.Write(buffer, in e);
        var back = default(InputEvent);
        Assert.False(InputRecord.TryRead(buffer, InputRecord.Version + 1, ref back));
        Assert.False(InputRecord.TryRead(buffer.AsSpan(0, InputRecord.Size - 1), InputRecord.Version, ref back));
        Assert.Throws<ArgumentException>(() => InputRecord.Write(new byte[10], in e));
    }

    [Fact]
    public void DecisionRecords_WriteThenRead_RoundTrip()
    {
        var e = SampleSlot(5);
        var buffer = new byte[Math.Max(OrderRequestRecord.Size, SizingRecord.Size)]; // the largest decision records

        var signal = SignalRecord.FromSlot(in e, 99);
        signal.Write(buffer);
        Assert.True(SignalRecord.TryRead(buffer, SignalRecord.Version, out var s));
        Assert.Equal(signal, s);
        Assert.Equal(e.EnsembleHash, s.EnsembleHash); // every decision records the model set
        Assert.Equal(e.ModelVotes, s.ModelVotes);
        Assert.Equal(e.FeaturesSequence, s.FeaturesSequence);

        // A version-1 record (32 bytes, no model fields) is still read.
        Assert.True(SignalRecord.TryRead(buffer.AsSpan(0, 32), 1, out var v1));
        Assert.Equal(signal.Confidence, v1.Confidence);
        Assert.Equal(0, v1.EnsembleHash);

        var intent = IntentRecord.FromSlot(in e, 99);
        intent.Write(buffer);
        Assert.True(IntentRecord.TryRead(buffer, IntentRecord.Version, out var i));
        Assert.Equal(intent, i);

        var sizing = SizingRecord.FromSlot(in e, 99);
        sizing.Write(buffer);
        Assert.True(SizingRecord.TryRead(buffer, SizingRecord.Version, out var z));
        Assert.Equal(sizing, z);

        var gate = GateVerdictRecord.FromSlot(in e, 99);
        gate.Write(buffer);
        Assert.True(GateVerdictRecord.TryRead(buffer, GateVerdictRecord.Version, out var g));
        Assert.Equal(gate, g);

        var order = OrderRequestRecord.FromSlot(in e, 7);
        order.ReduceOnly = true;
        order.StopPrice = new Price(42);
        OrderRequestRecord.Write(buffer, in order, 99);
        Assert.True(OrderRequestRecord.TryRead(buffer, OrderRequestRecord.Version, out var o, out var inputSeq));
        Assert.Equal(99, inputSeq);
        Assert.Equal(new ClientOrderId(7, e.DecisionId), o.ClientOrderId); // the gate's decision id, as route sends it
        Assert.Equal(OrderType.Market, o.Type);
        Assert.Equal(order.Quantity, o.Quantity);
        Assert.Equal(order.StopPrice, o.StopPrice);
        Assert.True(o.ReduceOnly);
        Assert.False(o.ClosePosition);
        Assert.Equal(e.ExchangeTimeNs, o.DecisionTimeNs);
        Assert.Equal(e.OrderReferencePrice, o.ReferencePrice);
        Assert.Equal(order, o); // the whole request round-trips
    }

    [Fact]
    public void OrderRequestRecord_Version1_StillReadWithoutReferencePrice()
    {
        var order = OrderRequestRecord.FromSlot(SampleSlot(5), 7);
        var buffer = new byte[OrderRequestRecord.Size];
        OrderRequestRecord.Write(buffer, in order, 42);
        Assert.True(OrderRequestRecord.TryRead(buffer.AsSpan(0, 56), 1, out var v1, out var input)); // version 1: 56 bytes
        Assert.Equal(42, input);
        Assert.Equal(order with { ReferencePrice = default }, v1);
        Assert.False(OrderRequestRecord.TryRead(buffer.AsSpan(0, 56), OrderRequestRecord.Version, out _, out _));
        Assert.False(OrderRequestRecord.TryRead(buffer, OrderRequestRecord.Version + 1, out _, out _));
    }

    [Fact]
    public void InstrumentRecord_WriteThenRead_RoundTrips()
    {
        var registry = new InstrumentRegistry();
        var btc = registry.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        var buffer = new byte[InstrumentRecord.Size];
        InstrumentRecord.Write(buffer, btc);
        Assert.True(InstrumentRecord.TryRead(buffer, InstrumentRecord.Version, out var back));
        Assert.Equal(btc, back);
    }

    [Fact]
    public void Fingerprint_IsStableAndNonZero()
    {
        Assert.NotEqual(0UL, JournalSchema.Fingerprint);
        Assert.Equal(JournalSchema.Fingerprint, JournalSchema.Fingerprint);
    }
}
