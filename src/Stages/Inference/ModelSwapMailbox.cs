namespace QuantumTrader.Stages.Inference;

/// <summary>
/// Hands a new, already loaded and validated <see cref="Ensemble"/> from the host (which does the file I/O
/// off the hot path) to the inference stage, which takes it only when the journaled swap control event
/// names it: <c>Aux0</c> = generation, <c>Aux1</c> = the ensemble's <see cref="Ensemble.Hash"/>. The
/// replaced ensemble is handed back for the host to dispose.
/// </summary>
/// <remarks>
/// Design: two single-slot exchanges. <see cref="Stage"/> (host thread) publishes the candidate with
/// <see cref="Interlocked.Exchange{T}(ref T, T)"/>; <see cref="TryTake"/> (stage thread) takes it with
/// <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/> only when generation and hash match, so an
/// event cannot pick up a different model than the one it names. No locks; nothing allocates on the stage.
/// </remarks>
public sealed class ModelSwapMailbox
{
    private Candidate? _staged;
    private Ensemble? _retired;

    /// <summary>Host thread: offers <paramref name="ensemble"/> as generation <paramref name="generation"/>;
    /// returns a previously staged candidate that was never taken (the caller disposes it), or null.</summary>
    public Ensemble? Stage(long generation, Ensemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var previous = Interlocked.Exchange(ref _staged, new Candidate(generation, ensemble));
        return previous?.Ensemble;
    }

    /// <summary>Stage thread: takes the staged candidate when it is generation <paramref name="generation"/>
    /// with hash <paramref name="hash"/>.</summary>
    public bool TryTake(long generation, long hash, out Ensemble? ensemble)
    {
        var staged = Volatile.Read(ref _staged);
        if (staged is null || staged.Generation != generation || staged.Ensemble.Hash != hash
            || Interlocked.CompareExchange(ref _staged, null, staged) != staged)
        {
            ensemble = null;
            return false;
        }

        ensemble = staged.Ensemble;
        return true;
    }

    /// <summary>Stage thread: hands back the replaced ensemble. Returns false when the previous one was not
    /// collected yet (then the stage keeps it and retries on the next swap).</summary>
    public bool Retire(Ensemble old) => Interlocked.CompareExchange(ref _retired, old, null) is null;

    /// <summary>Host thread: takes a replaced ensemble to dispose, or null.</summary>
    public Ensemble? CollectRetired() => Interlocked.Exchange(ref _retired, null);

    private sealed record Candidate(long Generation, Ensemble Ensemble);
}
