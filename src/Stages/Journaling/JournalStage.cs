using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// The journal stage: for every slot, appends the input record and the records of the decisions the
/// stages before it made (signal, intent, sizing, gate verdict, order request), then writes the input
/// record's sequence into <see cref="InputEvent.JournalSequence"/>. Runs before the route stage, so no
/// order leaves the process unless its decision is in the journal.
/// </summary>
/// <remarks>
/// Called from the stage group's thread only. Encodes straight into the mapped segment: no allocation,
/// lock or system call per event (with page-cache durability). Which records a slot produces:
/// input always; signal when inference ran; intent and sizing when the signal has a side; a mode record per
/// mode change the gate made; gate verdict when sizing asked for a quantity; order request when gating approved
/// it; model load records (after the input record) when the slot is a model swap control event. At start: one
/// instrument record per instrument, the start set's model load records and the start mode. The order request's client
/// order id is (instance id, input record sequence): the route stage derives the same id from
/// <see cref="InputEvent.JournalSequence"/>.
/// </remarks>
public sealed class JournalStage : IEventHandler<InputEvent>
{
    private readonly JournalWriter _writer;
    private readonly ushort _instanceId;
    private readonly InstrumentRegistry? _instruments;
    private readonly TradingMode? _startMode;
    private readonly long _run;
    private readonly ModelSwapMailbox? _models;

    /// <summary>Creates the stage.</summary>
    /// <param name="writer">The journal writer (owned by the caller, used only from this stage's thread).</param>
    /// <param name="instanceId">Engine instance id, part of client order ids.</param>
    /// <param name="instruments">Instruments to define in the journal at start (null: none).</param>
    /// <param name="startMode">The run's start mode, journaled at start as a mode record (null: none).</param>
    /// <param name="run">The journal's run identity, part of client order ids (0: none).</param>
    /// <param name="models">The run's model sets: the start set is journaled at start and each swapped-in set
    /// after its swap control event (null: none).</param>
    public JournalStage(JournalWriter writer, ushort instanceId, InstrumentRegistry? instruments = null, TradingMode? startMode = null, long run = 0, ModelSwapMailbox? models = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _instanceId = instanceId;
        _instruments = instruments;
        _startMode = startMode;
        _run = run;
        _models = models;
        models?.AttachJournal();
    }

    /// <summary>Slots journaled.</summary>
    public long Events { get; private set; }

    /// <summary>Order requests journaled.</summary>
    public long OrderRequests { get; private set; }

    /// <inheritdoc />
    public void OnStart()
    {
        if (_instruments is not null)
        {
            for (ushort id = 0; id < _instruments.Count; id++)
            {
                InstrumentRecord.Write(_writer.BeginRecord(InstrumentRecord.Size), _instruments[id]);
                _writer.Commit(JournalRecordType.Instrument, InstrumentRecord.Version);
            }
        }

        if (_models?.Find(0) is { } start)
        {
            WriteModels(start, _writer.NowNanos);
        }

        if (_startMode is { } mode)
        {
            // The start mode comes from config; journaled, so a replay starts where the run started.
            var startChange = new ModeChange(false, 0, mode, mode, ModeCause.Start);
            ModeChangeRecord.Write(_writer.BeginRecord(ModeChangeRecord.Size), in startChange, ModeChangeRecord.BeforeAnyInput);
            _writer.Commit(JournalRecordType.ModeChange, ModeChangeRecord.Version);
        }
    }

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        // One clock reading per slot: the input record and its decisions carry the same timestamp.
        var now = _writer.NowNanos;
        InputRecord.Write(_writer.BeginRecord(InputRecord.Size), in data);
        var inputSequence = _writer.Commit(JournalRecordType.Input, InputRecord.Version, InputRecord.Size, now);

        // A swap: which set the slot swapped to (the inference stage has handled this slot already).
        if (_models is not null && data.Kind == InputKind.Control && data.Code == (ushort)ControlCode.SwapModel && _models.Find(data.Aux0) is { } swapped)
        {
            WriteModels(swapped, now);
        }

        var sink = new WriterSink(_writer, now);
        OrderRequests += DecisionRecords.Write(ref sink, in data, _instanceId, inputSequence, _run);

        data.JournalSequence = inputSequence;
        Events++;
    }

    private void WriteModels(ModelSwapMailbox.Entry entry, long now)
    {
        var set = entry.Ensemble;
        var applied = entry.Taken;
        for (var i = 0; i < set.Count; i++)
        {
            var size = ModelLoadRecord.SizeOf(set.Sources[i]);
            ModelLoadRecord.Write(_writer.BeginRecord(size), entry.Generation, set, i, applied);
            _writer.Commit(JournalRecordType.ModelLoad, ModelLoadRecord.Version, size, now);
        }

        entry.MarkJournaled();
    }

    private readonly struct WriterSink : IDecisionRecordSink
    {
        private readonly JournalWriter _writer;
        private readonly long _now;

        public WriterSink(JournalWriter writer, long now)
        {
            _writer = writer;
            _now = now;
        }

        public Span<byte> Begin(int size) => _writer.BeginRecord(size);

        public void Commit(ushort type, ushort version, int size) => _writer.Commit(type, version, size, _now);
    }
}
