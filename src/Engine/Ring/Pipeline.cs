using System.Reflection;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Engine.Threading;

namespace QuantumTrader.Engine.Ring;

// Design:
//   Builds the consumer graph on one ring: each consumer gets a barrier on the cursor (no `after`) or on
//   the consumers it follows, its own processor and its own thread. Chains, fan-out and diamonds are all
//   expressed with `after`. Only the ends of the graph (consumers nobody follows) gate the producer; the
//   others are transitively behind them. Blocking wait strategies are wired so that whoever makes the
//   progress a consumer waits on (the sequencer, or the upstream processors) signals it.
//   The graph is fixed once Start is called.

/// <summary>A graph of consumers (stages or stage groups) on one ring, each on its own thread.</summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <remarks>Build and start from one thread; Halt and DrainAndHalt from any.</remarks>
public sealed class Pipeline<T>
    where T : struct
{
    private readonly List<StageHandle> _stages = new();
    private readonly HashSet<StageHandle> _followed = new();
    private int _state; // 0 building, 1 started, 2 halted
    private int _groups;

    /// <summary>Creates a pipeline on <paramref name="ring"/>; stage faults go to <paramref name="exceptionHandler"/>.</summary>
    public Pipeline(RingBuffer<T> ring, IExceptionHandler<T>? exceptionHandler = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        Ring = ring;
        ExceptionHandler = exceptionHandler ?? new FaultReportingExceptionHandler<T>();
    }

    /// <summary>The ring.</summary>
    public RingBuffer<T> Ring { get; }

    /// <summary>Where stage faults are reported.</summary>
    public IExceptionHandler<T> ExceptionHandler { get; }

    /// <summary>The consumers, in the order they were added.</summary>
    public IReadOnlyList<StageHandle> Stages => _stages;

    /// <summary>
    /// Adds a consumer running <paramref name="handler"/> on its own thread, after <paramref name="after"/>
    /// (none: directly after the producers).
    /// </summary>
    public StageHandle Add<THandler>(string name, THandler handler, IWaitStrategy waitStrategy, int? core = null, params StageHandle[] after)
        where THandler : IEventHandler<T> =>
        AddProcessor(name, handler, ExceptionHandler, waitStrategy, core, after);

    /// <summary>
    /// Adds a group of consecutive stages run by one thread, in order, on each slot. A stage's fault is reported under
    /// the stage's name with the slot's sequence, the later stages still see that slot, and the group goes on with the
    /// next slots. The list is composed into one specialized handler (see StageGroup.cs); a struct stage is copied.
    /// </summary>
    public StageHandle AddGroup(string name, IReadOnlyList<(string Name, IEventHandler<T> Handler)> stages, IWaitStrategy waitStrategy, int? core = null, params StageHandle[] after)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0)
        {
            throw new ArgumentException("a stage group needs at least one stage", nameof(stages));
        }

        for (var i = 0; i < stages.Count; i++)
        {
            ArgumentException.ThrowIfNullOrEmpty(stages[i].Name, nameof(stages));
            ArgumentNullException.ThrowIfNull(stages[i].Handler, nameof(stages));
        }

        var (handlerType, handler, groupFaults) = StageChains.Compose(stages, _groups, ExceptionHandler);
        var add = typeof(Pipeline<T>).GetMethod(nameof(AddProcessor), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(handlerType);
        var handle = (StageHandle)add.Invoke(this, BindingFlags.DoNotWrapExceptions, null, [name, handler, groupFaults, waitStrategy, core, after], null)!;
        _groups++;
        return handle;
    }

    private StageHandle AddProcessor<THandler>(string name, THandler handler, IExceptionHandler<T> exceptionHandler, IWaitStrategy waitStrategy, int? core, StageHandle[] after)
        where THandler : IEventHandler<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(waitStrategy);
        ArgumentNullException.ThrowIfNull(after);
        if (_state != 0)
        {
            throw new InvalidOperationException("the pipeline is already started");
        }

        var dependents = new Sequence[after.Length];
        for (var i = 0; i < after.Length; i++)
        {
            if (!_stages.Contains(after[i]))
            {
                throw new ArgumentException($"stage {after[i].Name} does not belong to this pipeline", nameof(after));
            }

            dependents[i] = after[i].Sequence;
        }

        var barrier = Ring.NewBarrier(waitStrategy, dependents);
        var processor = new BatchEventProcessor<T, THandler>(name, Ring, barrier, handler, exceptionHandler);
        foreach (var upstream in after)
        {
            upstream.Processor.AddDownstreamSignal(waitStrategy);
            _followed.Add(upstream);
        }

        var handle = new StageHandle(processor, new StageThread(processor, core));
        _stages.Add(handle);
        return handle;
    }

    /// <summary>Registers the ends of the graph as gating sequences and starts every thread.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("the pipeline was already started");
        }

        var cursor = Ring.Cursor.Value;
        var ends = new List<Sequence>();
        foreach (var stage in _stages)
        {
            stage.Sequence.SetOrdered(cursor);
            if (!_followed.Contains(stage))
            {
                ends.Add(stage.Sequence);
            }
        }

        Ring.AddGatingSequences([.. ends]);
        foreach (var stage in _stages)
        {
            stage.Thread.Start();
        }

        // Every stage must be running before a producer publishes: a thread that failed to start (pinning
        // refused by the OS) would never consume, and the producer would wait on a full ring for ever.
        var deadline = Environment.TickCount64 + 10_000;
        foreach (var stage in _stages)
        {
            while (!stage.Processor.IsRunning)
            {
                if (stage.Thread.StartError is { } error)
                {
                    Halt();
                    throw new InvalidOperationException($"stage group {stage.Name} could not start: {error.Message}", error);
                }

                if (Environment.TickCount64 > deadline)
                {
                    Halt();
                    throw new InvalidOperationException($"stage group {stage.Name} did not start within 10 s");
                }

                Thread.Yield();
            }
        }
    }

    /// <summary>The slowest end of the graph: every slot up to it has passed every stage.</summary>
    public long MinimumConsumedSequence()
    {
        var min = long.MaxValue;
        foreach (var stage in _stages)
        {
            if (!_followed.Contains(stage))
            {
                min = Math.Min(min, stage.Sequence.Value);
            }
        }

        return min == long.MaxValue ? Ring.Cursor.Value : min;
    }

    /// <summary>
    /// Waits until every published slot has passed every stage, then halts. Stop the producers first.
    /// Returns false (and halts anyway) if that did not happen within <paramref name="timeout"/>.
    /// </summary>
    public bool DrainAndHalt(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var drained = false;
        while (true)
        {
            var cursor = Ring.Cursor.Value;
            var published = Ring.Sequencer.GetHighestPublishedSequence(MinimumConsumedSequence() + 1, cursor);
            if (MinimumConsumedSequence() >= published && published == cursor)
            {
                drained = true;
                break;
            }

            if (Environment.TickCount64 > deadline || AnyThreadFailed())
            {
                break;
            }

            Thread.Sleep(1);
        }

        Halt();
        return drained;
    }

    /// <summary>
    /// True once every stage thread has ended (or none was started). False after a halt whose join timed out: a
    /// stage is still inside an event, so what it writes into (a mapped journal, say) must not be released.
    /// </summary>
    public bool AllStagesStopped
    {
        get
        {
            foreach (var stage in _stages)
            {
                if (stage.Thread.IsAlive)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Halts every stage (each leaves after the batch in hand) and waits for the threads
    /// (<see cref="AllStagesStopped"/> tells whether they all ended).</summary>
    public void Halt(TimeSpan? joinTimeout = null)
    {
        if (Interlocked.Exchange(ref _state, 2) == 0)
        {
            return; // never started
        }

        foreach (var stage in _stages)
        {
            stage.Processor.Halt();
        }

        var timeout = joinTimeout ?? TimeSpan.FromSeconds(10);
        foreach (var stage in _stages)
        {
            stage.Thread.Join(timeout);
        }
    }

    private bool AnyThreadFailed()
    {
        foreach (var stage in _stages)
        {
            if (stage.Thread.StartError is not null)
            {
                return true;
            }
        }

        return false;
    }
}
