using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Sequencing;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Engine.Tests.Ring;

/// <summary>
/// A multi-producer gap: the cursor passed a sequence that its producer claimed but has not published.
/// The barrier waits for the publication (backing off, so a descheduled producer can run on a shared
/// core) instead of returning a sequence below the one asked for, and still leaves on an alert.
/// </summary>
[Trait("Category", "Concurrency")]
public sealed class SequenceBarrierGapTests
{
    [Fact]
    public void WaitFor_ClaimedNotPublished_WaitsForThePublication()
    {
        var sequencer = new MultiProducerSequencer(8);
        var claimed = sequencer.Next(); // 0: claimed, not yet published
        sequencer.Publish(sequencer.Next()); // 1: published, behind the gap
        var barrier = sequencer.NewBarrier(new YieldingWaitStrategy());
        long result = long.MinValue;
        var waiter = new Thread(() => Volatile.Write(ref result, barrier.WaitFor(0))) { IsBackground = true };
        waiter.Start();

        Assert.False(Poll.Until(() => Volatile.Read(ref result) != long.MinValue, TimeSpan.FromMilliseconds(100)));
        sequencer.Publish(claimed);

        Assert.True(Poll.Until(() => Volatile.Read(ref result) != long.MinValue, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, Volatile.Read(ref result));
        Assert.True(waiter.Join(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void WaitFor_ClaimedNotPublishedThenAlerted_ThrowsAlert()
    {
        var sequencer = new MultiProducerSequencer(8);
        sequencer.Next(); // 0: claimed, never published
        var barrier = sequencer.NewBarrier(new BusySpinWaitStrategy());
        Exception? thrown = null;
        long returned = long.MinValue;
        var waiter = new Thread(() =>
        {
            try
            {
                Volatile.Write(ref returned, barrier.WaitFor(0));
            }
            catch (AlertException e)
            {
                Volatile.Write(ref thrown, e);
            }
        })
        { IsBackground = true };
        waiter.Start();

        Assert.False(Poll.Until(() => Volatile.Read(ref returned) != long.MinValue, TimeSpan.FromMilliseconds(100)));
        barrier.Alert();

        Assert.True(waiter.Join(TimeSpan.FromSeconds(10)));
        Assert.IsType<AlertException>(Volatile.Read(ref thrown));
        Assert.Equal(long.MinValue, Volatile.Read(ref returned));
    }
}
