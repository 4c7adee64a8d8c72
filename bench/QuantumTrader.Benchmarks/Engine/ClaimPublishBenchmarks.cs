using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Ring;

namespace QuantumTrader.Benchmarks.Engine;

/// <summary>
/// Cost per event of claiming a slot, writing it by ref and publishing it, on one thread: single-producer
/// and multi-producer (uncontended) sequencers, one slot at a time and in batches of 16 (batch claim and
/// batch publish). A gating sequence stands in for a consumer and is moved to the cursor after every
/// 1024 events, so the producer sees a consumer and never waits. MemoryDiagnoser proves 0 B per event.
/// </summary>
[MemoryDiagnoser]
public class ClaimPublishBenchmarks
{
    private const int Events = 1024;
    private const int Batch = 16;
    private RingBuffer<BenchSlot> _single = null!;
    private RingBuffer<BenchSlot> _multi = null!;
    private Sequence _singleConsumer = null!;
    private Sequence _multiConsumer = null!;

    /// <summary>Builds both rings (64 Ki slots) with a stand-in consumer each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _single = RingBuffer<BenchSlot>.CreateSingleProducer(1 << 16);
        _multi = RingBuffer<BenchSlot>.CreateMultiProducer(1 << 16);
        _singleConsumer = new Sequence();
        _multiConsumer = new Sequence();
        _single.AddGatingSequences(_singleConsumer);
        _multi.AddGatingSequences(_multiConsumer);
    }

    /// <summary>Single producer: Next, write, Publish per event.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void SingleProducerNextPublish() => OneAtATime(_single, _singleConsumer);

    /// <summary>Single producer: Next(16), 16 writes, Publish(low, high).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void SingleProducerBatch16() => Batched(_single, _singleConsumer);

    /// <summary>Multi-producer, uncontended: atomic claim and per-slot availability flag per event.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void MultiProducerNextPublish() => OneAtATime(_multi, _multiConsumer);

    /// <summary>Multi-producer, uncontended: one atomic claim per 16 slots.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void MultiProducerBatch16() => Batched(_multi, _multiConsumer);

    private static void OneAtATime(RingBuffer<BenchSlot> ring, Sequence consumer)
    {
        for (var i = 0; i < Events; i++)
        {
            var s = ring.Next();
            ring[s].Value = s;
            ring.Publish(s);
        }

        consumer.SetOrdered(ring.Cursor.GetPlain());
    }

    private static void Batched(RingBuffer<BenchSlot> ring, Sequence consumer)
    {
        for (var i = 0; i < Events; i += Batch)
        {
            var high = ring.Next(Batch);
            var low = high - Batch + 1;
            for (var s = low; s <= high; s++)
            {
                ring[s].Value = s;
            }

            ring.Publish(low, high);
        }

        consumer.SetOrdered(ring.Cursor.GetPlain());
    }
}
