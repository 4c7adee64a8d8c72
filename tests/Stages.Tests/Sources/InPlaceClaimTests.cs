using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Time;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;
using Xunit;

namespace QuantumTrader.Stages.Tests.Sources;

/// <summary>Claim/Commit: producers that always produce write the ring's slot in place.</summary>
public sealed class InPlaceClaimTests
{
    [Fact]
    public void RingSink_Claim_IsTheRingsOwnSlot_PublishedOnlyOnCommit()
    {
        var ring = RingBuffer<InputEvent>.CreateSingleProducer(8);
        var sink = new RingInputSink(ring);
        ref var slot = ref sink.Claim(out var token);
        slot = default;
        slot.Kind = InputKind.Trade;
        slot.SymbolId = 3;

        Assert.Equal(-1, ring.Cursor.Value); // claimed, not yet visible
        Assert.Equal(InputKind.Trade, ring[token].Kind); // the same memory, no copy
        sink.Commit(token);
        Assert.Equal(token, ring.Cursor.Value);
        Assert.Equal(3, ring[token].SymbolId);
    }

    [Fact]
    public void DefaultClaim_OfASinkThatOnlyPublishes_PublishesTheWrittenEventOnCommit()
    {
        var inner = new CollectSink();
        IInputSink sink = inner;
        ref var slot = ref sink.Claim(out var token);
        slot = default;
        slot.Kind = InputKind.BookTicker;
        slot.SymbolId = 5;
        Assert.Empty(inner.Events);
        sink.Commit(token);
        var e = Assert.Single(inner.Events);
        Assert.Equal(InputKind.BookTicker, e.Kind);
        Assert.Equal(5, e.SymbolId);
    }

    [Fact]
    public void RelaySink_Claim_MovesWaitingRefusalsInAheadOfTheClaimedEvent()
    {
        var ring = RingBuffer<InputEvent>.CreateSingleProducer(8);
        var outbox = new RefusalOutbox(4);
        Assert.True(outbox.TryPost(new InputEvent { Kind = InputKind.OrderUpdate, Aux3 = 42 }));
        var relay = new RefusalRelaySink(new RingInputSink(ring), outbox);

        ref var slot = ref relay.Claim(out var token);
        slot = default;
        slot.Kind = InputKind.Timer;
        relay.Commit(token);

        Assert.Equal(1, ring.Cursor.Value);
        Assert.Equal(InputKind.OrderUpdate, ring[0].Kind);
        Assert.Equal(42, ring[0].Aux3);
        Assert.Equal(InputKind.Timer, ring[1].Kind);
        Assert.Equal(0, outbox.Pending);
    }

    [Fact]
    public void SyntheticSource_WritingInPlace_PublishesTheSameEventsAsThroughPublish()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.Synthetic, "BTCUSDT", new Price(10_000_000), new Quantity(100_000), 0);
        instruments.Add(Venue.Synthetic, "ETHUSDT", new Price(1_000_000), new Quantity(1_000_000), 0);

        // In place, into a ring.
        var ring = RingBuffer<InputEvent>.CreateMultiProducer(1024);
        var viaClaim = new SyntheticTickSource(instruments, new ManualClock(), 11, 0);
        Assert.Equal(500, viaClaim.Run(new RingInputSink(ring), () => viaClaim.Published >= 500));

        // Through Publish (the default claim's scratch), from the same seed.
        var list = new CollectSink();
        var viaPublish = new SyntheticTickSource(instruments, new ManualClock(), 11, 0);
        viaPublish.Run(list, () => viaPublish.Published >= 500);

        Assert.Equal(500, list.Events.Count);
        var differences = 0;
        for (var i = 0; i < 500; i++)
        {
            var a = ring[i];
            var b = list.Events[i];
            differences += a.Kind == b.Kind && a.SymbolId == b.SymbolId && a.Price.Raw == b.Price.Raw && a.BidPrice.Raw == b.BidPrice.Raw
                && a.AskQuantity.Raw == b.AskQuantity.Raw && a.ExchangeTimeNs == b.ExchangeTimeNs && a.SourceSequence == b.SourceSequence ? 0 : 1;
        }

        Assert.Equal(0, differences);
        Assert.Contains(list.Events, e => e.Kind == InputKind.Trade);
        Assert.Contains(list.Events, e => e.Kind == InputKind.BookTicker);
    }

    /// <summary>A sink that implements Publish only (the default Claim/Commit).</summary>
    private sealed class CollectSink : IInputSink
    {
        public List<InputEvent> Events { get; } = new();

        public void Publish(in InputEvent input) => Events.Add(input);
    }
}
