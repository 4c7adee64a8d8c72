using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Engine.Tests.Ring;

/// <summary>
/// Ordering and no-loss under concurrency: millions of events through a chain, a fan-out and a diamond,
/// with one and with several producers, checked per slot (each stage verifies what the stages before it
/// wrote), per producer (counters arrive in order, none missing, none twice) and by checksum.
/// </summary>
[Trait("Category", "Concurrency")]
public sealed class PipelineConcurrencyTests
{
    public enum Topology
    {
        Chain,
        FanOut,
        Diamond,
    }

    [Theory]
    [InlineData(Topology.Chain, 1, 2_000_000, 1024, "yielding")]
    [InlineData(Topology.Chain, 3, 1_000_000, 1024, "yielding")]
    [InlineData(Topology.FanOut, 1, 1_000_000, 1024, "sleeping")]
    [InlineData(Topology.FanOut, 3, 1_000_000, 1024, "yielding")]
    [InlineData(Topology.Diamond, 1, 1_000_000, 1024, "blocking")]
    [InlineData(Topology.Diamond, 3, 1_000_000, 1024, "yielding")]
    [InlineData(Topology.Diamond, 3, 24_000, 8, "yielding")] // wrap-around: every slot reused 3,000 times
    [InlineData(Topology.Chain, 2, 60_000, 4, "blocking")]
    public void Pipeline_ManyEvents_NoLossNoReorderChecksumMatches(Topology topology, int producers, int totalEvents, int ringSize, string wait)
    {
        var ring = producers == 1 ? RingBuffer<TestEvent>.CreateSingleProducer(ringSize) : RingBuffer<TestEvent>.CreateMultiProducer(ringSize);
        var faults = new FaultReportingExceptionHandler<TestEvent>();
        var pipeline = new Pipeline<TestEvent>(ring, faults);
        var perProducer = totalEvents / producers;
        var checkers = new List<CheckingHandler>();

        CheckingHandler Make(string role)
        {
            var h = new CheckingHandler(role, producers);
            checkers.Add(h);
            return h;
        }

        switch (topology)
        {
            case Topology.Chain:
                var a = pipeline.Add("a", Make("a"), WaitStrategies.Create(wait));
                var b = pipeline.Add("b", Make("b-after-a"), WaitStrategies.Create(wait), null, a);
                pipeline.Add("c", Make("c-after-b"), WaitStrategies.Create(wait), null, b);
                break;
            case Topology.FanOut:
                pipeline.Add("a", Make("observe"), WaitStrategies.Create(wait));
                pipeline.Add("b", Make("observe"), WaitStrategies.Create(wait));
                pipeline.Add("c", Make("observe"), WaitStrategies.Create(wait));
                break;
            case Topology.Diamond:
                var left = pipeline.Add("a", Make("a"), WaitStrategies.Create(wait));
                var right = pipeline.Add("b", Make("b"), WaitStrategies.Create(wait));
                pipeline.Add("c", Make("c-after-a-b"), WaitStrategies.Create(wait), null, left, right);
                break;
        }

        pipeline.Start();
        var threads = new Thread[producers];
        for (var p = 0; p < producers; p++)
        {
            var id = p;
            threads[p] = new Thread(() =>
            {
                for (long i = 0; i < perProducer; i++)
                {
                    var s = ring.Next();
                    ref var e = ref ring[s];
                    e.Producer = id;
                    e.Counter = i;
                    e.Value = (id * 1_000_000_000L) + i;
                    ring.Publish(s);
                }
            });
            threads[p].Start();
        }

        foreach (var t in threads)
        {
            Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a producer did not finish");
        }

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(2)), "the pipeline did not drain");

        long expectedChecksum = 0;
        for (var p = 0; p < producers; p++)
        {
            for (long i = 0; i < perProducer; i++)
            {
                expectedChecksum += CheckingHandler.Mix((p * 1_000_000_000L) + i);
            }
        }

        Assert.Equal(0, faults.FaultCount);
        foreach (var c in checkers)
        {
            Assert.Equal(0, c.Errors);
            Assert.Equal((long)perProducer * producers, c.Count);
            Assert.Equal(expectedChecksum, c.Checksum);
            Assert.True(c.Started);
            Assert.True(c.ShutDown);
            for (var p = 0; p < producers; p++)
            {
                Assert.Equal(perProducer - 1, c.LastCounter[p]);
            }
        }
    }

    /// <summary>Verifies and writes its role's field of each slot.</summary>
    private sealed class CheckingHandler : IEventHandler<TestEvent>
    {
        private readonly string _role;
        private long _lastSequence = -1;

        public CheckingHandler(string role, int producers)
        {
            _role = role;
            LastCounter = new long[producers];
            Array.Fill(LastCounter, -1);
        }

        public long[] LastCounter { get; }

        public long Count { get; private set; }

        public long Checksum { get; private set; }

        public long Errors { get; private set; }

        public bool Started { get; private set; }

        public bool ShutDown { get; private set; }

        public static long Mix(long v) => unchecked((v * (long)0x9E3779B97F4A7C15UL) ^ (v >>> 17));

        public void OnStart() => Started = true;

        public void OnShutdown() => ShutDown = true;

        public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
        {
            if (sequence != _lastSequence + 1)
            {
                Errors++; // a skipped or repeated slot
            }

            _lastSequence = sequence;
            if (data.Counter != LastCounter[data.Producer] + 1)
            {
                Errors++; // lost, duplicated or reordered within a producer
            }

            LastCounter[data.Producer] = data.Counter;
            Count++;
            Checksum += Mix(data.Value);
            switch (_role)
            {
                case "a":
                    data.A = (data.Value * 3) + 1;
                    break;
                case "b":
                    data.B = data.Value ^ 0x5555;
                    break;
                case "b-after-a":
                    Errors += data.A == (data.Value * 3) + 1 ? 0 : 1;
                    data.B = data.A + 7;
                    break;
                case "c-after-b":
                    Errors += data.B == (data.Value * 3) + 8 ? 0 : 1;
                    data.C = data.B * 2;
                    break;
                case "c-after-a-b":
                    Errors += data.A == (data.Value * 3) + 1 && data.B == (data.Value ^ 0x5555) ? 0 : 1;
                    data.C = data.A + data.B;
                    break;
            }
        }
    }
}
