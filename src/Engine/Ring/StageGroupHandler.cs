namespace QuantumTrader.Engine.Ring;

// Design:
//   Consecutive stages run by one thread: for each slot, every stage in order, while the slot is hot in L1.
//   Each stage call is guarded separately so that one stage's fault is reported under that stage's name
//   and the stages after it still see the slot (they are expected to fail closed on missing input, e.g.
//   the gate blocks orders once trading is HALTED), rather than the whole group skipping the event.

/// <summary>Runs several stages, in order, on one thread, as one handler.</summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <remarks>Called only from the group's thread.</remarks>
public sealed class StageGroupHandler<T> : IEventHandler<T>
    where T : struct
{
    private readonly IEventHandler<T>[] _stages;
    private readonly string[] _names;
    private readonly IExceptionHandler<T> _exceptionHandler;

    /// <summary>Creates a group of <paramref name="stages"/> with their names.</summary>
    public StageGroupHandler(IReadOnlyList<(string Name, IEventHandler<T> Handler)> stages, IExceptionHandler<T> exceptionHandler)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(exceptionHandler);
        if (stages.Count == 0)
        {
            throw new ArgumentException("a stage group needs at least one stage", nameof(stages));
        }

        _stages = new IEventHandler<T>[stages.Count];
        _names = new string[stages.Count];
        for (var i = 0; i < stages.Count; i++)
        {
            _names[i] = stages[i].Name;
            _stages[i] = stages[i].Handler;
        }

        _exceptionHandler = exceptionHandler;
    }

    /// <summary>The stage names, in order.</summary>
    public IReadOnlyList<string> StageNames => _names;

    /// <inheritdoc />
    public void OnEvent(ref T data, long sequence, bool endOfBatch)
    {
        var stages = _stages;
        for (var i = 0; i < stages.Length; i++)
        {
            try
            {
                stages[i].OnEvent(ref data, sequence, endOfBatch);
            }
#pragma warning disable CA1031 // Reported per stage; the ring keeps moving.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _exceptionHandler.HandleEventException(_names[i], ex, sequence, ref data);
            }
        }
    }

    /// <inheritdoc />
    public void OnStart()
    {
        for (var i = 0; i < _stages.Length; i++)
        {
            try
            {
                _stages[i].OnStart();
            }
#pragma warning disable CA1031 // Reported per stage.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _exceptionHandler.HandleOnStartException(_names[i], ex);
            }
        }
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
        for (var i = 0; i < _stages.Length; i++)
        {
            try
            {
                _stages[i].OnShutdown();
            }
#pragma warning disable CA1031 // Reported per stage.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _exceptionHandler.HandleOnShutdownException(_names[i], ex);
            }
        }
    }
}
