namespace QuantumTrader.Stages.Inference;

/// <summary>Counters of the inference stage: written by the stage thread, read by any thread.</summary>
public sealed class InferenceCounters
{
    private long _inferences;
    private long _conflated;
    private long _failedClosed;
    private long _badVector;
    private long _swapsApplied;
    private long _swapsRefused;

    /// <summary>Ensemble evaluations.</summary>
    public long Inferences => Volatile.Read(ref _inferences);

    /// <summary>Vectors replaced by a newer one of the same symbol before they were inferred (conflation).</summary>
    public long Conflated => Volatile.Read(ref _conflated);

    /// <summary>Evaluations that failed closed (too few models voted).</summary>
    public long FailedClosed => Volatile.Read(ref _failedClosed);

    /// <summary>Vectors refused: wrong feature count or unknown symbol.</summary>
    public long BadVector => Volatile.Read(ref _badVector);

    /// <summary>Model swaps applied.</summary>
    public long SwapsApplied => Volatile.Read(ref _swapsApplied);

    /// <summary>Swap events refused (nothing staged with that generation and hash).</summary>
    public long SwapsRefused => Volatile.Read(ref _swapsRefused);

    internal void IncInferences() => Volatile.Write(ref _inferences, _inferences + 1);

    internal void IncConflated() => Volatile.Write(ref _conflated, _conflated + 1);

    internal void IncFailedClosed() => Volatile.Write(ref _failedClosed, _failedClosed + 1);

    internal void IncBadVector() => Volatile.Write(ref _badVector, _badVector + 1);

    internal void IncSwapsApplied() => Volatile.Write(ref _swapsApplied, _swapsApplied + 1);

    internal void IncSwapsRefused() => Volatile.Write(ref _swapsRefused, _swapsRefused + 1);
}
