using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Inference;

/// <summary>
/// The inference stage: runs the ensemble on the features of closed candles and writes the result to the
/// inference section of a slot (Inferred, Prob*, Consensus, ModelsVoting, InferenceSymbolId, EnsembleSide,
/// InferenceFailedClosed, ModelVotes, EnsembleHash, FeaturesSequence, InferenceTimeNs).
/// </summary>
/// <remarks>
/// <para>Conflation (<see cref="InferenceOptions.ConflatePerBatch"/>): vectors are kept per symbol, a newer one
/// replacing an older one, and inferred once per symbol at <c>endOfBatch</c> on the latest vector, never
/// on a backlog. A slot carries one result: the batch's last slot carries its own symbol's result (or the
/// lowest symbol id's), and results of other symbols ride on the next slots, one per slot, in symbol-id
/// order. Consumers therefore read <see cref="InputEvent.InferenceSymbolId"/>. Without conflation every
/// vector is inferred on its own slot, independent of batching (use it for backtests and replay).</para>
/// <para>Model swap: a Control event with <see cref="InferenceOptions.SwapModelControlCode"/> takes the
/// ensemble staged in the <see cref="ModelSwapMailbox"/> when generation (Aux0) and hash (Aux1) match.</para>
/// <para>Runs on its stage group's thread; allocation-free per event.</para>
/// </remarks>
public sealed class InferenceStage : IEventHandler<InputEvent>
{
    private readonly InferenceOptions _options;
    private readonly ModelSwapMailbox _mailbox;
    private readonly int _width;
    private readonly int _symbolCount;
    private readonly float[] _pending;
    private readonly bool[] _hasPending;
    private readonly long[] _pendingSequence;
    private readonly long[] _pendingTime;
    private readonly Ready[] _ready;
    private readonly bool[] _hasReady;
    private int _readyCount;
    private int _pendingCount;
    private Ensemble _ensemble;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">Voting and conflation settings.</param>
    /// <param name="ensemble">The initial model set (the stage evaluates it; the host owns its disposal).</param>
    /// <param name="featureCount">Vector width of the serving schema.</param>
    /// <param name="symbolCount">Symbol ids 0..symbolCount−1.</param>
    /// <param name="mailbox">Where swapped-in model sets come from.</param>
    public InferenceStage(InferenceOptions options, Ensemble ensemble, int featureCount, int symbolCount, ModelSwapMailbox mailbox)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(mailbox);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(featureCount, FeatureBuffer.Capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        _options = options;
        _ensemble = ensemble;
        _mailbox = mailbox;
        _width = featureCount;
        _symbolCount = symbolCount;
        _pending = new float[symbolCount * featureCount];
        _hasPending = new bool[symbolCount];
        _pendingSequence = new long[symbolCount];
        _pendingTime = new long[symbolCount];
        _ready = new Ready[symbolCount];
        _hasReady = new bool[symbolCount];
    }

    /// <summary>Counters.</summary>
    public InferenceCounters Counters { get; } = new();

    /// <summary>The active model set (read by the stage thread; other threads only for display).</summary>
    public Ensemble ActiveEnsemble => Volatile.Read(ref _ensemble);

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        Clear(ref data);
        if (data.Kind == InputKind.Control && data.Code == _options.SwapModelControlCode)
        {
            Swap(ref data);
        }

        if (data.FeaturesReady)
        {
            Accept(in data, sequence);
        }

        if (_pendingCount > 0 && (!_options.ConflatePerBatch || endOfBatch))
        {
            InferPending();
        }

        if (_readyCount > 0)
        {
            Emit(ref data);
        }
    }

    private static void Clear(ref InputEvent data)
    {
        data.Inferred = false;
        data.ProbSell = 0;
        data.ProbHold = 0;
        data.ProbBuy = 0;
        data.Consensus = 0;
        data.ModelsVoting = 0;
        data.InferenceSymbolId = 0;
        data.EnsembleSide = Side.None;
        data.InferenceFailedClosed = false;
        data.ModelVotes = 0;
        data.EnsembleHash = 0;
        data.FeaturesSequence = 0;
        data.InferenceTimeNs = 0;
    }

    private void Accept(in InputEvent data, long sequence)
    {
        if (data.FeatureCount != _width || data.SymbolId >= _symbolCount)
        {
            Counters.IncBadVector();
            return;
        }

        var s = data.SymbolId;
        if (_hasPending[s])
        {
            Counters.IncConflated();
        }
        else
        {
            _pendingCount++;
        }

        ReadOnlySpan<float> features = data.Features;
        features[.._width].CopyTo(_pending.AsSpan(s * _width, _width));
        _hasPending[s] = true;
        _pendingSequence[s] = sequence;
        _pendingTime[s] = data.FeaturesTimeNs;
    }

    private void InferPending()
    {
        for (var s = 0; s < _symbolCount; s++)
        {
            if (!_hasPending[s])
            {
                continue;
            }

            _hasPending[s] = false;
            _pendingCount--;
            _ensemble.Evaluate(_pending.AsSpan(s * _width, _width), out var result);
            Counters.IncInferences();
            if (result.FailedClosed)
            {
                Counters.IncFailedClosed();
            }

            if (_hasReady[s])
            {
                Counters.IncConflated();
            }
            else
            {
                _hasReady[s] = true;
                _readyCount++;
            }

            _ready[s] = new Ready(result, _ensemble.Hash, _pendingSequence[s], _pendingTime[s]);
        }
    }

    private void Emit(ref InputEvent data)
    {
        var s = data.SymbolId < _symbolCount && _hasReady[data.SymbolId] ? data.SymbolId : FirstReady();
        _hasReady[s] = false;
        _readyCount--;
        ref readonly var r = ref _ready[s];
        data.Inferred = true;
        data.InferenceSymbolId = (ushort)s;
        data.ProbSell = r.Result.ProbSell;
        data.ProbHold = r.Result.ProbHold;
        data.ProbBuy = r.Result.ProbBuy;
        data.Consensus = r.Result.Consensus;
        data.ModelsVoting = r.Result.Voting;
        data.EnsembleSide = r.Result.Side;
        data.InferenceFailedClosed = r.Result.FailedClosed;
        data.ModelVotes = r.Result.Votes;
        data.EnsembleHash = r.EnsembleHash;
        data.FeaturesSequence = r.FeaturesSequence;
        data.InferenceTimeNs = r.TimeNs;
    }

    private int FirstReady()
    {
        for (var s = 0; s < _symbolCount; s++)
        {
            if (_hasReady[s])
            {
                return s;
            }
        }

        return ThrowNoReady();
    }

    private static int ThrowNoReady() => throw new InvalidOperationException("ready count and flags disagree");

    private void Swap(ref InputEvent data)
    {
        if (!_mailbox.TryTake(data.Aux0, data.Aux1, _ensemble, out var next) || next is null)
        {
            Counters.IncSwapsRefused();
            data.EnsembleHash = _ensemble.Hash;
            return;
        }

        // The mailbox keeps the replaced set for the host to dispose.
        Volatile.Write(ref _ensemble, next);
        Counters.IncSwapsApplied();
        data.EnsembleHash = next.Hash;
    }

    private readonly record struct Ready(EnsembleResult Result, long EnsembleHash, long FeaturesSequence, long TimeNs);
}
