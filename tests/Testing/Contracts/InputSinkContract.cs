using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using Xunit;

namespace QuantumTrader.Testing.Contracts;

/// <summary>
/// What every <see cref="IInputSink"/> must do: every published event arrives downstream exactly once, in
/// publication order, with its input fields as published. One subclass per implementation, in the test project of
/// the implementation's project.
/// </summary>
public abstract class InputSinkContract
{
    /// <summary>Events a test publishes: fewer than <see cref="Capacity"/>, so no sink needs a consumer to make room.</summary>
    protected const int Events = 200;

    /// <summary>The capacity a sink under test is created with (a power of two).</summary>
    protected const int Capacity = 1024;

    /// <summary>A sink under test and what arrived downstream of it.</summary>
    /// <param name="Sink">The sink.</param>
    /// <param name="Arrived">Everything that arrived downstream so far, in arrival order (may consume it).</param>
    protected sealed record Harness(IInputSink Sink, Func<List<InputEvent>> Arrived);

    /// <summary>Creates the sink under test with room for <see cref="Capacity"/> events.</summary>
    protected abstract Harness Create();

    /// <summary>Event <paramref name="i"/> of <paramref name="producer"/>, every input field distinct.</summary>
    protected static InputEvent Marked(int producer, int i) => new()
    {
        Kind = InputKind.Trade,
        Venue = Venue.BinanceUsdM,
        Valid = true,
        SymbolId = (ushort)(i % 3),
        Code = (ushort)(i % 7),
        ExchangeTimeNs = 1_700_000_000_000_000_000 + i,
        ReceiveTimeNs = 1_700_000_000_000_000_500 + i,
        SourceSequence = 10 + i,
        Price = new Price(6_000_000 + i),
        Quantity = new Quantity(1_000 + i),
        BidPrice = new Price(5_999_000 + i),
        AskPrice = new Price(6_001_000 + i),
        Aux0 = producer,
        Aux1 = i,
    };

    /// <summary>Asserts that <paramref name="actual"/> carries <paramref name="expected"/>'s input fields.</summary>
    protected static void AssertSame(InputEvent expected, InputEvent actual)
    {
        Assert.Equal(
            (expected.Kind, expected.Venue, expected.Valid, expected.SymbolId, expected.Code, expected.ExchangeTimeNs, expected.ReceiveTimeNs, expected.SourceSequence),
            (actual.Kind, actual.Venue, actual.Valid, actual.SymbolId, actual.Code, actual.ExchangeTimeNs, actual.ReceiveTimeNs, actual.SourceSequence));
        Assert.Equal(
            (expected.Price, expected.Quantity, expected.BidPrice, expected.AskPrice, expected.Aux0, expected.Aux1),
            (actual.Price, actual.Quantity, actual.BidPrice, actual.AskPrice, actual.Aux0, actual.Aux1));
    }

    [Fact]
    public void Publish_Sequence_EachEventArrivesOnceInOrderWithItsFields()
    {
        var h = Create();
        for (var i = 0; i < Events; i++)
        {
            h.Sink.Publish(Marked(0, i));
        }

        var arrived = h.Arrived();
        Assert.Equal(Events, arrived.Count);
        for (var i = 0; i < Events; i++)
        {
            AssertSame(Marked(0, i), arrived[i]);
        }
    }

    [Fact]
    public void ClaimCommit_WrittenInPlace_EachEventArrivesOnceInOrder_InterleavedWithPublish()
    {
        var h = Create();
        for (var i = 0; i < Events; i++)
        {
            if (i % 2 == 0)
            {
                ref var slot = ref h.Sink.Claim(out var token);
                slot = Marked(0, i); // the whole slot, as the contract asks
                h.Sink.Commit(token);
            }
            else
            {
                h.Sink.Publish(Marked(0, i));
            }
        }

        var arrived = h.Arrived();
        Assert.Equal(Events, arrived.Count);
        for (var i = 0; i < Events; i++)
        {
            AssertSame(Marked(0, i), arrived[i]);
        }
    }

    [Fact]
    public void Publish_NothingPublished_NothingArrives()
    {
        var h = Create();
        Assert.Empty(h.Arrived());
    }

    [Fact]
    public void Publish_SameEventTwice_ArrivesTwice()
    {
        var h = Create();
        var e = Marked(0, 1);
        h.Sink.Publish(e);
        h.Sink.Publish(e);
        var arrived = h.Arrived();
        Assert.Equal(2, arrived.Count);
        AssertSame(e, arrived[0]);
        AssertSame(e, arrived[1]);
    }
}

/// <summary>The <see cref="InputSinkContract"/> plus what a sink for several concurrent producers must do: each
/// producer's events arrive once and in that producer's order.</summary>
public abstract class ConcurrentInputSinkContract : InputSinkContract
{
    [Fact(Timeout = 30_000)]
    public async Task Publish_ConcurrentProducers_EachEventOnceAndInOrderPerProducer()
    {
        const int Producers = 4;
        var h = Create();
        var perProducer = Events / Producers;
        var tasks = new Task[Producers];
        for (var p = 0; p < Producers; p++)
        {
            var producer = p;
            tasks[p] = Task.Run(() =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    h.Sink.Publish(Marked(producer, i));
                }
            });
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(20));
        var arrived = h.Arrived();
        Assert.Equal(Producers * perProducer, arrived.Count);
        var next = new int[Producers];
        foreach (var e in arrived)
        {
            var p = (int)e.Aux0;
            AssertSame(Marked(p, next[p]), e);
            next[p]++;
        }

        Assert.All(next, n => Assert.Equal(perProducer, n));
    }
}
