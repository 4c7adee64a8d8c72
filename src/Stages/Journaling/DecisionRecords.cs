using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// The one definition of which decision records a slot produces, in pipeline order: signal when inference ran;
/// intent and sizing when the signal has a side; a mode record for each trading-mode change the gate made; gate
/// verdict when the slot carries an order (an entry sizing made, or an exit); order request when the gate approved
/// it; cancel request when the slot cancels a resting order. Used by the journal stage and by replay verification, so both agree by construction.
/// </summary>
public static class DecisionRecords
{
    /// <summary>Encodes the decision records of <paramref name="data"/> into <paramref name="sink"/>; returns 1 when
    /// an order request was among them.</summary>
    /// <param name="sink">Where records go.</param>
    /// <param name="data">The slot, after every stage before the journal.</param>
    /// <param name="instanceId">Engine instance id (client order ids).</param>
    /// <param name="inputSequence">Journal sequence of the slot's input record.</param>
    /// <param name="run">The journal's run identity (client order ids).</param>
    public static int Write<TSink>(ref TSink sink, in InputEvent data, ushort instanceId, long inputSequence, long run = 0)
        where TSink : struct, IDecisionRecordSink
    {
        if (data.Inferred)
        {
            SignalRecord.FromSlot(in data, inputSequence).Write(sink.Begin(SignalRecord.Size));
            sink.Commit(JournalRecordType.Signal, SignalRecord.Version, SignalRecord.Size);
        }

        if (data.SignalSide != Side.None)
        {
            IntentRecord.FromSlot(in data, inputSequence).Write(sink.Begin(IntentRecord.Size));
            sink.Commit(JournalRecordType.Intent, IntentRecord.Version, IntentRecord.Size);
            SizingRecord.FromSlot(in data, inputSequence).Write(sink.Begin(SizingRecord.Size));
            sink.Commit(JournalRecordType.Sizing, SizingRecord.Version, SizingRecord.Size);
        }

        if (data.ModeChanges > 0)
        {
            ModeChangeRecord.Write(sink.Begin(ModeChangeRecord.Size), in data.ModeChange0, inputSequence);
            sink.Commit(JournalRecordType.ModeChange, ModeChangeRecord.Version, ModeChangeRecord.Size);
        }

        if (data.ModeChanges > 1)
        {
            ModeChangeRecord.Write(sink.Begin(ModeChangeRecord.Size), in data.ModeChange1, inputSequence);
            sink.Commit(JournalRecordType.ModeChange, ModeChangeRecord.Version, ModeChangeRecord.Size);
        }

        if (data.CancelDecisionId != 0)
        {
            var cancel = CancelRequestRecord.FromSlot(in data, instanceId, run);
            CancelRequestRecord.Write(sink.Begin(CancelRequestRecord.Size), cancel, data.OrderSymbolId, data.CancelPurpose, inputSequence);
            sink.Commit(JournalRecordType.CancelRequest, CancelRequestRecord.Version, CancelRequestRecord.Size);
        }

        if (data.Purpose == Model.Orders.OrderPurpose.None)
        {
            return 0;
        }

        GateVerdictRecord.FromSlot(in data, inputSequence).Write(sink.Begin(GateVerdictRecord.Size));
        sink.Commit(JournalRecordType.GateVerdict, GateVerdictRecord.Version, GateVerdictRecord.Size);
        if (!data.Approved)
        {
            return 0;
        }

        var request = OrderRequestRecord.FromSlot(in data, instanceId, run);
        OrderRequestRecord.Write(sink.Begin(OrderRequestRecord.Size), in request, inputSequence);
        sink.Commit(JournalRecordType.OrderRequest, OrderRequestRecord.Version, OrderRequestRecord.Size);
        return 1;
    }
}
