using QuantumTrader.Engine.Ring;

namespace QuantumTrader.Benchmarks.Engine;

// The engine's stage group before issue 10, kept as the baseline of StageGroupDispatchBenchmarks: an interface
// call and a try/catch per stage per slot.

/// <summary>The old stage group: runs several stages, in order, each through the interface in its own try/catch.</summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <remarks>Called only from the group's thread.</remarks>
public sealed class LegacyStageGroupHandler<T> : IEventHandler<T>
    where T : struct
{
    private readonly IEventHandler<T>[] _stages;
    private readonly string[] _names;
    private readonly IExceptionHandler<T> _exceptionHandler;

    /// <summary>Creates a group of <paramref name="stages"/> with their names.</summary>
    public LegacyStageGroupHandler(IReadOnlyList<(string Name, IEventHandler<T> Handler)> stages, IExceptionHandler<T> exceptionHandler)
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
