using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Engine.Threading;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Engine.Tests.Ring;

public sealed class PipelineLifecycleTests
{
    [Fact]
    public void DrainAndHalt_SlowConsumerWithBacklog_HandlesEveryPublishedEventFirst()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(64);
        var handler = new RecordingHandler(spinPerEvent: 2_000);
        var pipeline = new Pipeline<TestEvent>(ring);
        pipeline.Add("slow", handler, new YieldingWaitStrategy());
        pipeline.Start();
        for (var i = 0; i < 5_000; i++)
        {
            var s = ring.Next();
            ring[s].Value = i;
            ring.Publish(s);
        }

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Equal(5_000, handler.Count);
        Assert.Equal(4_999, handler.LastValue);
        Assert.True(handler.ShutDown);
        Assert.False(pipeline.Stages[0].Processor.IsRunning);
    }

    [Fact]
    public void Halt_IdleBlockingConsumer_WakesAndStops()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(64);
        var handler = new RecordingHandler();
        var pipeline = new Pipeline<TestEvent>(ring);
        pipeline.Add("idle", handler, new BlockingWaitStrategy(TimeSpan.FromHours(1)));
        pipeline.Start();
        Assert.True(Poll.Until(() => pipeline.Stages[0].Processor.IsRunning));
        pipeline.Halt();
        Assert.False(pipeline.Stages[0].Processor.IsRunning);
        Assert.True(handler.ShutDown);
    }

    [Fact]
    public void HandlerException_OneBadEvent_ReportedAndRingKeepsMoving()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(16);
        var faults = new List<StageFault>();
        var exceptionHandler = new FaultReportingExceptionHandler<TestEvent>(f =>
        {
            lock (faults)
            {
                faults.Add(f);
            }
        });
        var pipeline = new Pipeline<TestEvent>(ring, exceptionHandler);
        var first = new RecordingHandler(throwOnValue: 7);
        var after = new RecordingHandler();
        var a = pipeline.Add("faulty", first, new YieldingWaitStrategy());
        pipeline.Add("after", after, new YieldingWaitStrategy(), null, a);
        pipeline.Start();
        for (var i = 0; i < 100; i++)
        {
            var s = ring.Next();
            ring[s].Value = i;
            ring.Publish(s);
        }

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Equal(1, exceptionHandler.FaultCount);
        var fault = Assert.Single(faults);
        Assert.Equal("faulty", fault.Stage);
        Assert.Equal(7, fault.Sequence);
        Assert.IsType<InvalidOperationException>(fault.Exception);
        Assert.Equal(99, first.Count); // every event but the one that threw
        Assert.Equal(100, after.Count); // the downstream stage still sees every slot
    }

    [Fact]
    public void StageGroup_MiddleStageThrows_LaterStagesStillRunAndFaultNamesStage()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(16);
        var exceptionHandler = new FaultReportingExceptionHandler<TestEvent>();
        var pipeline = new Pipeline<TestEvent>(ring, exceptionHandler);
        var s1 = new RecordingHandler();
        var s2 = new RecordingHandler(throwOnValue: 3);
        var s3 = new RecordingHandler();
        pipeline.AddGroup("grp", [("one", s1), ("two", s2), ("three", s3)], new YieldingWaitStrategy());
        pipeline.Start();
        for (var i = 0; i < 10; i++)
        {
            var s = ring.Next();
            ring[s].Value = i;
            ring.Publish(s);
        }

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Equal(10, s1.Count);
        Assert.Equal(9, s2.Count);
        Assert.Equal(10, s3.Count);
        Assert.Equal("two", exceptionHandler.LastFault!.Stage);
        Assert.Equal(3, exceptionHandler.LastFault.Sequence);
    }

    [Fact]
    public void EndOfBatch_BacklogAvailable_FlaggedOnlyOnLastSlotOfBatch()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(64);
        var handler = new RecordingHandler();
        var processor = new BatchEventProcessor<TestEvent, RecordingHandler>("p", ring, ring.NewBarrier(new YieldingWaitStrategy()), handler, new FaultReportingExceptionHandler<TestEvent>());
        ring.AddGatingSequences(processor.Sequence);
        ring.Publish(ring.Next(10)); // a batch of 10 is available before the processor starts
        var thread = new Thread(processor.Run);
        thread.Start();
        Assert.True(Poll.Until(() => processor.Sequence.Value == 9));
        processor.Halt();
        Assert.True(thread.Join(TimeSpan.FromMinutes(1)), "the processor thread did not stop");
        Assert.Equal([9L], handler.EndOfBatchSequences);
    }

    [Fact]
    public void StageThread_PinnedToCore_RunsOnlyOnThatCoreAndIsNamed()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(16);
        var handler = new RecordingHandler();
        var pipeline = new Pipeline<TestEvent>(ring);
        var stage = pipeline.Add("pin-test", handler, new YieldingWaitStrategy(), core: 0);
        pipeline.Start();
        var s = ring.Next();
        ring.Publish(s);
        Assert.True(Poll.Until(() => handler.Count == 1));
        pipeline.Halt();
        Assert.Equal([0], handler.CoresOnStart);
        Assert.Equal("qt-pin-test", stage.Thread.ThreadName);
        Assert.Equal("qt-pin-test", handler.ThreadNameOnStart);
    }

    [Fact]
    public void StageThread_CoreThatDoesNotExist_ClearError()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(16);
        var pipeline = new Pipeline<TestEvent>(ring);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Add("x", new RecordingHandler(), new YieldingWaitStrategy(), core: 4096));
        Assert.Contains("core 4096", ex.Message, StringComparison.Ordinal);
        Assert.Contains("available cores are", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProducerBackPressure_RingFullAndConsumerStopped_ProducerNeverOverwrites()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8);
        var gate = new ManualResetEventSlim(false);
        var handler = new RecordingHandler(gate: gate);
        var pipeline = new Pipeline<TestEvent>(ring);
        pipeline.Add("gated", handler, new YieldingWaitStrategy());
        pipeline.Start();
        long produced = 0;
        var producer = new Thread(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var s = ring.Next();
                ring[s].Value = i;
                ring.Publish(s);
                Volatile.Write(ref produced, i + 1);
            }
        });
        producer.Start();

        // With the consumer stuck on its first event the producer fills the ring (first seen, so the check
        // after it does not pass merely because the producer was not scheduled), then gets no further.
        Assert.True(Poll.Until(() => Volatile.Read(ref produced) >= 8), $"produced {Volatile.Read(ref produced)}");
        Assert.False(Poll.Until(() => Volatile.Read(ref produced) > 8, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(8, Volatile.Read(ref produced)); // the ring's size: the stuck slot is not overwritten
        gate.Set();
        Assert.True(producer.Join(TimeSpan.FromMinutes(1)), "the producer did not finish");
        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Equal(100, handler.Count);
        Assert.Equal(99, handler.LastValue);
        Assert.Equal(0, handler.OutOfOrder);
    }

    [Fact]
    public void Halt_StageStuckInAnEvent_AllStagesStoppedIsFalseUntilItLeaves()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(16);
        using var release = new ManualResetEventSlim();
        var stuck = new StuckHandler(release);
        var pipeline = new Pipeline<TestEvent>(ring);
        pipeline.Add("stuck", stuck, new YieldingWaitStrategy());
        pipeline.Start();
        var s = ring.Next();
        ring.Publish(s);
        Assert.True(stuck.Entered.Wait(TimeSpan.FromMinutes(1)));

        pipeline.Halt(TimeSpan.FromMilliseconds(50)); // the join gives up: the stage is inside OnEvent

        Assert.False(pipeline.AllStagesStopped); // what it writes into must not be released yet
        release.Set();
        Assert.True(pipeline.Stages[0].Thread.Join(TimeSpan.FromMinutes(1)));
        Assert.True(pipeline.AllStagesStopped);
    }

    private sealed class StuckHandler(ManualResetEventSlim release) : IEventHandler<TestEvent>
    {
        public ManualResetEventSlim Entered { get; } = new();

        public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
        {
            Entered.Set();
            if (!release.Wait(TimeSpan.FromMinutes(1)))
            {
                throw new TimeoutException("the stuck handler was never released");
            }
        }
    }

    private sealed class RecordingHandler : IEventHandler<TestEvent>
    {
        private readonly int _spin;
        private readonly long _throwOn;
        private readonly ManualResetEventSlim? _gate;

        public RecordingHandler(int spinPerEvent = 0, long throwOnValue = -1, ManualResetEventSlim? gate = null)
        {
            _spin = spinPerEvent;
            _throwOn = throwOnValue;
            _gate = gate;
        }

        public long Count;
        public long LastValue = -1;
        public long OutOfOrder;
        public bool ShutDown;
        public List<long> EndOfBatchSequences { get; } = new();
        public IReadOnlyList<int> CoresOnStart { get; private set; } = [];
        public string? ThreadNameOnStart { get; private set; }

        public void OnStart()
        {
            CoresOnStart = ThreadAffinity.CurrentThreadCores();
            ThreadNameOnStart = ReadNativeThreadName();
        }

        public void OnShutdown() => ShutDown = true;

        public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
        {
            if (_gate is not null && !_gate.Wait(TimeSpan.FromMinutes(1)))
            {
                throw new TimeoutException("the gated handler was never released");
            }
            if (data.Value == _throwOn)
            {
                throw new InvalidOperationException("boom");
            }

            Thread.SpinWait(_spin);
            if (data.Value != LastValue + 1)
            {
                OutOfOrder++;
            }

            LastValue = data.Value;
            Volatile.Write(ref Count, Count + 1);
            if (endOfBatch)
            {
                EndOfBatchSequences.Add(sequence);
            }
        }

        private static string ReadNativeThreadName() => File.ReadAllText("/proc/thread-self/comm").Trim();
    }
}
