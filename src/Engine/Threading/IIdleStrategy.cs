namespace QuantumTrader.Engine.Threading;

// Design: one seam for the hand-written polling loops outside the ring (the live feed loop, a producer waiting
// for queue space, the lock-step replay sink, the journal writer waiting for a prepared segment). The ring's own
// consumers keep IWaitStrategy, which waits on a sequence barrier; these loops poll arbitrary conditions, so the
// loop says how much work its last pass did and the strategy decides how to wait. Instances hold back-off state:
// one instance per loop (per thread), never shared.

/// <summary>How a polling loop waits when a pass found nothing to do. One instance per loop; not thread-safe.</summary>
public interface IIdleStrategy
{
    /// <summary>Called after each pass of the loop: <paramref name="workCount"/> &gt; 0 resets any back-off and
    /// returns at once; 0 waits one step (spin, yield or sleep, as the strategy says).</summary>
    void Idle(int workCount);

    /// <summary>Forgets any back-off: the next idle step is the first one again (call before a new wait).</summary>
    void Reset();
}
