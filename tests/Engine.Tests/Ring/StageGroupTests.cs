using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Engine.Tests.Ring;

/// <summary>The composed stage group (Pipeline.AddGroup): order, faults named per stage, later stages see the slot.</summary>
public sealed class StageGroupTests
{
    [Fact]
    public void StageGroup_FaultInsideABatch_LaterStagesSeeTheSlotWithItsEndOfBatch_RestOfBatchHandled()
    {
        var (pipeline, faults) = NewPipeline(64);
        var first = new Recorder();
        var faulty = new Recorder(throwOn: 3);
        var last = new Recorder();
        pipeline.AddGroup("grp", [("first", first), ("faulty", faulty), ("last", last)], new YieldingWaitStrategy());
        pipeline.Start();
        var high = pipeline.Ring.Next(10);
        pipeline.Ring.Publish(high - 9, high); // one batch of ten

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9], last.Sequences);
        Assert.Equal([0L, 1, 2, 4, 5, 6, 7, 8, 9], faulty.Sequences);
        Assert.Equal([9L], last.EndOfBatch); // slot 3 reached "last" with endOfBatch false, as the others saw it
        var fault = Assert.Single(faults);
        Assert.Equal(("faulty", 3L), (fault.Stage, fault.Sequence));
    }

    [Fact]
    public void StageGroup_TwoStagesThrowOnTheSameSlot_EachReportedUnderItsName_StagesAfterThemStillSeeIt()
    {
        var (pipeline, faults) = NewPipeline(16);
        var a = new Recorder(throwOn: 5);
        var b = new Recorder();
        var c = new Recorder(throwOn: 5);
        var d = new Recorder();
        pipeline.AddGroup("grp", [("a", a), ("b", b), ("c", c), ("d", d)], new YieldingWaitStrategy());
        pipeline.Start();
        Publish(pipeline.Ring, 8);

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Equal([("a", 5L), ("c", 5L)], faults.Select(f => (f.Stage, f.Sequence)).ToArray());
        Assert.Equal(8, b.Sequences.Count);
        Assert.Equal(8, d.Sequences.Count);
        Assert.Equal(7, a.Sequences.Count);
        Assert.Equal(7, c.Sequences.Count);
    }

    [Fact]
    public void StageGroup_LastStageThrows_ReportedAndTheNextSlotsAreHandled()
    {
        var (pipeline, faults) = NewPipeline(16);
        var first = new Recorder();
        var last = new Recorder(throwOn: 0);
        pipeline.AddGroup("grp", [("first", first), ("last", last)], new YieldingWaitStrategy());
        pipeline.Start();
        Publish(pipeline.Ring, 4);

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Equal(("last", 0L), (Assert.Single(faults).Stage, faults[0].Sequence));
        Assert.Equal([0L, 1, 2, 3], first.Sequences);
        Assert.Equal([1L, 2, 3], last.Sequences);
    }

    [Fact]
    public void StageGroup_StructStages_RunInOrderAndKeepTheirStateAcrossSlots()
    {
        var (pipeline, faults) = NewPipeline(16);
        var last = new Recorder();
        pipeline.AddGroup("grp", [("count", new CountingStage()), ("double", new DoublingStage()), ("last", last)], new YieldingWaitStrategy());
        pipeline.Start();
        Publish(pipeline.Ring, 5);

        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        Assert.Empty(faults);
        Assert.Equal([1L, 2, 3, 4, 5], last.A); // the struct stage's counter lives on in the group
        Assert.Equal([2L, 4, 6, 8, 10], last.B); // the second stage ran after the first on each slot
    }

    [Fact]
    public void StageGroup_OnStartAndOnShutdownThrow_ReportedUnderTheStageName_OtherStagesStillStartedAndStopped()
    {
        var (pipeline, faults) = NewPipeline(16);
        var first = new Recorder(throwOnStart: true);
        var second = new Recorder(throwOnShutdown: true);
        var third = new Recorder();
        pipeline.AddGroup("grp", [("first", first), ("second", second), ("third", third)], new YieldingWaitStrategy());
        pipeline.Start();
        Assert.True(pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));

        Assert.Equal([("first", "start"), ("second", "shutdown")], faults.Select(f => (f.Stage, f.Phase)).ToArray());
        Assert.True(second.Started && third.Started);
        Assert.True(first.Stopped && third.Stopped);
    }

    [Fact]
    public void StageGroup_Processors_RunAValueTypeHandler_OfTheirOwnTypePerGroup()
    {
        var (pipeline, _) = NewPipeline(16);
        var one = pipeline.AddGroup("one", [("a", new Recorder()), ("b", new Recorder())], new YieldingWaitStrategy());
        var two = pipeline.AddGroup("two", [("c", new Recorder()), ("d", new Recorder())], new YieldingWaitStrategy(), null, one);

        var handlerOne = one.Processor.GetType().GetGenericArguments()[1];
        var handlerTwo = two.Processor.GetType().GetGenericArguments()[1];
        Assert.True(handlerOne.IsValueType); // the processor's per-slot call into the group is direct
        Assert.NotEqual(handlerOne, handlerTwo); // same shape, yet each group has its own compiled body (see StageGroup.cs)
    }

    [Fact]
    public void StageGroup_NoStages_ClearError()
    {
        var (pipeline, _) = NewPipeline(16);
        var ex = Assert.Throws<ArgumentException>(() => pipeline.AddGroup("grp", [], new YieldingWaitStrategy()));
        Assert.Contains("at least one stage", ex.Message, StringComparison.Ordinal);
    }

    private static (Pipeline<TestEvent> Pipeline, List<StageFault> Faults) NewPipeline(int size)
    {
        var faults = new List<StageFault>();
        var handler = new FaultReportingExceptionHandler<TestEvent>(f =>
        {
            lock (faults)
            {
                faults.Add(f);
            }
        });
        return (new Pipeline<TestEvent>(RingBuffer<TestEvent>.CreateSingleProducer(size), handler), faults);
    }

    private static void Publish(RingBuffer<TestEvent> ring, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var s = ring.Next();
            ring[s].Value = i;
            ring.Publish(s);
        }
    }

    private struct CountingStage : IEventHandler<TestEvent>
    {
        private long _count;

        public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch) => data.A = ++_count;
    }

    private struct DoublingStage : IEventHandler<TestEvent>
    {
        public readonly void OnEvent(ref TestEvent data, long sequence, bool endOfBatch) => data.B = data.A * 2;
    }

    private sealed class Recorder(long throwOn = -1, bool throwOnStart = false, bool throwOnShutdown = false) : IEventHandler<TestEvent>
    {
        public List<long> Sequences { get; } = [];

        public List<long> EndOfBatch { get; } = [];

        public List<long> A { get; } = [];

        public List<long> B { get; } = [];

        public bool Started { get; private set; }

        public bool Stopped { get; private set; }

        public void OnStart()
        {
            Started = true;
            if (throwOnStart)
            {
                throw new InvalidOperationException("start");
            }
        }

        public void OnShutdown()
        {
            Stopped = true;
            if (throwOnShutdown)
            {
                throw new InvalidOperationException("shutdown");
            }
        }

        public void OnEvent(ref TestEvent data, long sequence, bool endOfBatch)
        {
            if (sequence == throwOn)
            {
                throw new InvalidOperationException("boom");
            }

            Sequences.Add(sequence);
            A.Add(data.A);
            B.Add(data.B);
            if (endOfBatch)
            {
                EndOfBatch.Add(sequence);
            }
        }
    }
}
