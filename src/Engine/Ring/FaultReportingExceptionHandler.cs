namespace QuantumTrader.Engine.Ring;

/// <summary>
/// Counts stage faults, keeps the last one, and hands each to a callback (the domain moves trading to
/// HALTED there). Never swallows silently: with no callback the fault is still counted and kept.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <remarks>Counters are updated atomically; safe when several stage threads fault at once.</remarks>
public sealed class FaultReportingExceptionHandler<T> : IExceptionHandler<T>
    where T : struct
{
    private readonly Action<StageFault>? _onFault;
    private long _faults;
    private StageFault? _lastFault;

    /// <summary>Creates the handler; <paramref name="onFault"/> runs on the faulting stage's thread.</summary>
    public FaultReportingExceptionHandler(Action<StageFault>? onFault = null) => _onFault = onFault;

    /// <summary>Faults seen so far.</summary>
    public long FaultCount => Interlocked.Read(ref _faults);

    /// <summary>The most recent fault, if any.</summary>
    public StageFault? LastFault => Volatile.Read(ref _lastFault);

    /// <inheritdoc />
    public void HandleEventException(string stage, Exception exception, long sequence, ref T data) =>
        Report(new StageFault(stage, "event", sequence, exception));

    /// <inheritdoc />
    public void HandleOnStartException(string stage, Exception exception) => Report(new StageFault(stage, "start", -1, exception));

    /// <inheritdoc />
    public void HandleOnShutdownException(string stage, Exception exception) => Report(new StageFault(stage, "shutdown", -1, exception));

    private void Report(StageFault fault)
    {
        Interlocked.Increment(ref _faults);
        Volatile.Write(ref _lastFault, fault);
        try
        {
            _onFault?.Invoke(fault);
        }
#pragma warning disable CA1031 // A failing fault callback must not kill the stage thread; the fault is already counted.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
