namespace QuantumTrader.Stages.Journaling;

/// <summary>Where <see cref="DecisionRecords"/> encodes a slot's decision records: the journal writer in the
/// journal stage, a comparison buffer in replay verification. Implement on a struct for a devirtualized call.</summary>
public interface IDecisionRecordSink
{
    /// <summary>A buffer of at least <paramref name="size"/> bytes for the next record's payload.</summary>
    Span<byte> Begin(int size);

    /// <summary>Completes the record begun last.</summary>
    void Commit(ushort type, ushort version, int size);
}
