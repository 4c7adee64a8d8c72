using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Sequencing;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Engine.Tests.Ring;

/// <summary>The behaviour every sequencer must have; one sealed subclass per implementation.</summary>
public abstract class SequencerContractTests
{
    protected abstract Sequencer Create(int size);

    [Fact]
    public void Next_FirstClaim_ReturnsZero()
    {
        var sequencer = Create(16);
        Assert.Equal(0, sequencer.Next());
    }

    [Fact]
    public void Next_BatchClaim_ReturnsHighestOfRange()
    {
        var sequencer = Create(16);
        Assert.Equal(4, sequencer.Next(5));
        Assert.Equal(5, sequencer.Next());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void Next_ClaimOutsideOneToSize_Throws(int n)
    {
        var sequencer = Create(16);
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(100)]
    public void Constructor_SizeNotPowerOfTwo_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(size));
    }

    [Fact]
    public void Publish_ClaimedSequence_BecomesAvailable()
    {
        var sequencer = Create(16);
        var s = sequencer.Next();
        Assert.False(sequencer.IsAvailable(s));
        sequencer.Publish(s);
        Assert.True(sequencer.IsAvailable(s));
        Assert.Equal(s, sequencer.GetHighestPublishedSequence(0, sequencer.Cursor.Value));
    }

    [Fact]
    public void PublishRange_AllClaimed_AllAvailable()
    {
        var sequencer = Create(16);
        var hi = sequencer.Next(4);
        sequencer.Publish(hi - 3, hi);
        for (var s = 0; s <= hi; s++)
        {
            Assert.True(sequencer.IsAvailable(s));
        }
    }

    [Fact]
    public void TryNext_RingFull_ReturnsFalse()
    {
        var sequencer = Create(8);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(sequencer.TryNext(out var s));
            sequencer.Publish(s);
        }

        Assert.False(sequencer.TryNext(out _));
        Assert.Equal(0, sequencer.RemainingCapacity);
    }

    [Fact]
    public void TryNext_ConsumerAdvanced_ClaimsFreedSlot()
    {
        var sequencer = Create(8);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(sequencer.Next(8));
        Assert.False(sequencer.TryNext(out _));
        consumer.SetOrdered(0);
        Assert.True(sequencer.TryNext(out var next));
        Assert.Equal(8, next);
    }

    [Fact]
    public void Next_RingFull_WaitsUntilConsumerFreesSlot()
    {
        var sequencer = Create(4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(sequencer.Next(4));
        long claimed = -1;
        var started = 0;
        var producer = new Thread(() =>
        {
            Volatile.Write(ref started, 1);
            Volatile.Write(ref claimed, sequencer.Next());
        })
        { IsBackground = true };
        producer.Start();

        // The producer must not get slot 4 while slot 0 is unconsumed, however long we look (once it runs: an
        // unscheduled thread would pass the check below without trying).
        Assert.True(Poll.Until(() => Volatile.Read(ref started) == 1));
        Assert.False(Poll.Until(() => Volatile.Read(ref claimed) >= 0, TimeSpan.FromMilliseconds(200)));
        consumer.SetOrdered(0);
        Assert.True(Poll.Until(() => Volatile.Read(ref claimed) >= 0));
        Assert.Equal(4, Volatile.Read(ref claimed));
        Assert.True(producer.Join(TimeSpan.FromMinutes(1)), "the producer did not finish");
    }

    [Fact]
    public void RemainingCapacity_AfterClaims_CountsFreeSlots()
    {
        var sequencer = Create(16);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(sequencer.Next(5));
        Assert.Equal(11, sequencer.RemainingCapacity);
        consumer.SetOrdered(2);
        Assert.Equal(14, sequencer.RemainingCapacity);
    }

    [Fact]
    public void RemoveGatingSequence_Removed_NoLongerGates()
    {
        var sequencer = Create(4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(sequencer.Next(4));
        Assert.False(sequencer.TryNext(out _));
        Assert.True(sequencer.RemoveGatingSequence(consumer));
        Assert.False(sequencer.RemoveGatingSequence(consumer));
        Assert.True(sequencer.TryNext(out _));
    }

    [Fact]
    public void WrapAround_ManyLaps_SequencesStayAvailableOncePerLap()
    {
        var sequencer = Create(4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        for (long i = 0; i < 1000; i++)
        {
            var s = sequencer.Next();
            Assert.Equal(i, s);
            sequencer.Publish(s);
            Assert.True(sequencer.IsAvailable(s));
            if (s >= 4)
            {
                Assert.False(sequencer.IsAvailable(s - 4)); // overwritten by this lap
            }

            consumer.SetOrdered(s);
        }
    }
}

public sealed class SingleProducerSequencerTests : SequencerContractTests
{
    protected override Sequencer Create(int size) => new SingleProducerSequencer(size);
}

public sealed class MultiProducerSequencerTests : SequencerContractTests
{
    protected override Sequencer Create(int size) => new MultiProducerSequencer(size);

    [Fact]
    public void GetHighestPublishedSequence_GapInPublication_StopsBeforeGap()
    {
        var sequencer = Create(16);
        var hi = sequencer.Next(3); // 0..2 claimed by "three producers"
        sequencer.Publish(0);
        sequencer.Publish(2);
        Assert.Equal(0, sequencer.GetHighestPublishedSequence(0, hi));
        sequencer.Publish(1);
        Assert.Equal(2, sequencer.GetHighestPublishedSequence(0, hi));
    }

    [Fact]
    public void Next_ConcurrentProducers_EverySequenceClaimedOnce()
    {
        var sequencer = Create(1 << 17);
        const int PerProducer = 20_000;
        var seen = new int[4 * PerProducer];
        var threads = new Thread[4];
        for (var t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (var i = 0; i < PerProducer; i++)
                {
                    var s = sequencer.Next();
                    Interlocked.Increment(ref seen[s]);
                    sequencer.Publish(s);
                }
            });
            threads[t].Start();
        }

        foreach (var t in threads)
        {
            Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a producer did not finish");
        }

        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal(seen.Length - 1, sequencer.GetHighestPublishedSequence(0, sequencer.Cursor.Value));
    }
}
