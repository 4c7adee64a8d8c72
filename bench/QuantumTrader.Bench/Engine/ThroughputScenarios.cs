using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;

namespace QuantumTrader.Bench.Engine;

// Design:
//   The five consumer graphs of issue 2 plus one-to-one with the blocking strategy, each built on a fresh
//   ring of 64 Ki slots (the reference harness's size) with struct handlers, and each with its checker.
//   Expected checksums are computed in 128-bit arithmetic and truncated, matching the consumers' wrapping
//   64-bit sums.

/// <summary>Builds and runs the throughput scenarios.</summary>
internal static class ThroughputScenarios
{
    /// <summary>Slots per ring.</summary>
    public const int RingSize = 1 << 16;

    /// <summary>Issue 2's reference figures (Disruptor-net on this class of machine), events/s.</summary>
    public const double ReferenceOneToOne = 148e6;

    /// <summary>Reference pipeline-3, lower end of 46-50 M/s.</summary>
    public const double ReferencePipeline3 = 46e6;

    /// <summary>Reference diamond.</summary>
    public const double ReferenceDiamond = 22e6;

    /// <summary>Reference blocking one-to-one, upper end of 5-7 M/s.</summary>
    public const double ReferenceBlocking = 7e6;

    /// <summary>one-to-one: 1 producer, 1 consumer.</summary>
    public static ThroughputResult OneToOne(string name, ScenarioPlacement placement, int batch, double? reference, TimeSpan warmup, TimeSpan run, int runs)
    {
        var ring = RingBuffer<ValueEvent>.CreateSingleProducer(RingSize);
        var pipeline = new Pipeline<ValueEvent>(ring);
        var c = pipeline.Add("c1", default(ValueSumHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 1));
        var setup = new ThroughputSetup<ValueEvent>
        {
            Name = name,
            Ring = ring,
            Pipeline = pipeline,
            Producers = 1,
            ProducerCores = [Core(placement, 0)],
            Batch = batch,
            Placement = placement,
            ReferenceEventsPerSec = reference,
            Verify = produced => CheckTally(c.Name, Tally<ValueEvent, ValueSumHandler>(c), produced[0], SumBelow(produced[0])),
        };
        return ThroughputHarness.Run<ValueEvent, ValueWriter>(setup, warmup, run, runs);
    }

    /// <summary>pipeline-3: 1 producer, 3 chained consumers.</summary>
    public static ThroughputResult Pipeline3(ScenarioPlacement placement, int batch, TimeSpan warmup, TimeSpan run, int runs)
    {
        var ring = RingBuffer<StepEvent>.CreateSingleProducer(RingSize);
        var pipeline = new Pipeline<StepEvent>(ring);
        var s1 = pipeline.Add("p3-s1", default(StepOneHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 1));
        var s2 = pipeline.Add("p3-s2", default(StepTwoHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 2), s1);
        var s3 = pipeline.Add("p3-s3", default(StepThreeHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 3), s2);
        var setup = new ThroughputSetup<StepEvent>
        {
            Name = "pipeline-3",
            Ring = ring,
            Pipeline = pipeline,
            Producers = 1,
            ProducerCores = [Core(placement, 0)],
            Batch = batch,
            Placement = placement,
            ReferenceEventsPerSec = ReferencePipeline3,
            Verify = produced =>
            {
                // Step2 = 3 * (v + 1) for v in 0..n-1: 3 * n(n+1)/2.
                var n = (Int128)produced[0];
                return CheckTally(s3.Name, Tally<StepEvent, StepThreeHandler>(s3), produced[0], 3 * n * (n + 1) / 2);
            },
        };
        return ThroughputHarness.Run<StepEvent, StepWriter>(setup, warmup, run, runs);
    }

    /// <summary>fan-out-3: 1 producer, 3 independent consumers of every event.</summary>
    public static ThroughputResult FanOut3(ScenarioPlacement placement, int batch, TimeSpan warmup, TimeSpan run, int runs)
    {
        var ring = RingBuffer<ValueEvent>.CreateSingleProducer(RingSize);
        var pipeline = new Pipeline<ValueEvent>(ring);
        var consumers = new StageHandle[3];
        for (var i = 0; i < consumers.Length; i++)
        {
            consumers[i] = pipeline.Add("fan-c" + (i + 1), default(ValueSumHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, i + 1));
        }

        var setup = new ThroughputSetup<ValueEvent>
        {
            Name = "fan-out-3",
            Ring = ring,
            Pipeline = pipeline,
            Producers = 1,
            ProducerCores = [Core(placement, 0)],
            Batch = batch,
            Placement = placement,
            Verify = produced =>
            {
                foreach (var c in consumers)
                {
                    if (CheckTally(c.Name, Tally<ValueEvent, ValueSumHandler>(c), produced[0], SumBelow(produced[0])) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            },
        };
        return ThroughputHarness.Run<ValueEvent, ValueWriter>(setup, warmup, run, runs);
    }

    /// <summary>diamond: 1 producer, two parallel consumers (fizz, buzz) joined by a third.</summary>
    public static ThroughputResult Diamond(ScenarioPlacement placement, int batch, TimeSpan warmup, TimeSpan run, int runs)
    {
        var ring = RingBuffer<FizzBuzzEvent>.CreateSingleProducer(RingSize);
        var pipeline = new Pipeline<FizzBuzzEvent>(ring);
        var fizz = pipeline.Add("dia-fizz", default(FizzHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 1));
        var buzz = pipeline.Add("dia-buzz", default(BuzzHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 2));
        var join = pipeline.Add("dia-join", default(FizzBuzzJoinHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 3), fizz, buzz);
        var setup = new ThroughputSetup<FizzBuzzEvent>
        {
            Name = "diamond",
            Ring = ring,
            Pipeline = pipeline,
            Producers = 1,
            ProducerCores = [Core(placement, 0)],
            Batch = batch,
            Placement = placement,
            ReferenceEventsPerSec = ReferenceDiamond,
            Verify = produced =>
            {
                // Multiples of 15 in 0..n-1: 0, 15, ..., 15(m-1) with m = ceil(n/15); their sum is 15 m(m-1)/2.
                var m = ((Int128)produced[0] + 14) / 15;
                return CheckTally(join.Name, Tally<FizzBuzzEvent, FizzBuzzJoinHandler>(join), produced[0], 15 * m * (m - 1) / 2);
            },
        };
        return ThroughputHarness.Run<FizzBuzzEvent, FizzBuzzWriter>(setup, warmup, run, runs);
    }

    /// <summary>three-to-one: 3 producers on the multi-producer sequencer, 1 consumer.</summary>
    public static ThroughputResult ThreeToOne(ScenarioPlacement placement, int batch, TimeSpan warmup, TimeSpan run, int runs)
    {
        var ring = RingBuffer<ValueEvent>.CreateMultiProducer(RingSize);
        var pipeline = new Pipeline<ValueEvent>(ring);
        var c = pipeline.Add("3to1-c", default(ValueSumHandler), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 3));
        var setup = new ThroughputSetup<ValueEvent>
        {
            Name = "three-to-one",
            Ring = ring,
            Pipeline = pipeline,
            Producers = 3,
            ProducerCores = [Core(placement, 0), Core(placement, 1), Core(placement, 2)],
            Batch = batch,
            Placement = placement,
            Verify = produced =>
            {
                // Each producer writes its own counter 0..k-1.
                long count = 0;
                Int128 sum = 0;
                foreach (var k in produced)
                {
                    count += k;
                    sum += SumBelow(k);
                }

                return CheckTally(c.Name, Tally<ValueEvent, ValueSumHandler>(c), count, sum);
            },
        };
        return ThroughputHarness.Run<ValueEvent, ValueWriter>(setup, warmup, run, runs);
    }

    /// <summary>0 + 1 + ... + (n - 1).</summary>
    private static Int128 SumBelow(long n) => (Int128)n * (n - 1) / 2;

    private static int? Core(ScenarioPlacement placement, int thread) =>
        placement.PinnedCores.Count > thread ? placement.PinnedCores[thread] : null;

    private static ITally Tally<T, THandler>(StageHandle stage)
        where T : struct
        where THandler : struct, IEventHandler<T>, ITally =>
        ((BatchEventProcessor<T, THandler>)stage.Processor).Handler;

    private static string? CheckTally(string stage, ITally tally, long expectedCount, Int128 expectedSum)
    {
        if (tally.Count != expectedCount)
        {
            return $"{stage} saw {tally.Count} events, the producers wrote {expectedCount}";
        }

        var expected = unchecked((long)expectedSum);
        return tally.Sum == expected ? null : $"{stage} checksum {tally.Sum} differs from the expected {expected}";
    }
}
