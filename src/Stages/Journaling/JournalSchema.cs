namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// The fingerprint of this binary's record schema: FNV-1a over every (type id, version, payload size).
/// Written in every segment header so a reader can tell which schema wrote a segment.
/// </summary>
public static class JournalSchema
{
    private static readonly (ushort Type, ushort Version, int Size)[] Table =
    [
        (JournalRecordType.Input, InputRecord.Version, InputRecord.Size),
        (JournalRecordType.Signal, SignalRecord.Version, SignalRecord.Size),
        (JournalRecordType.Intent, IntentRecord.Version, IntentRecord.Size),
        (JournalRecordType.Sizing, SizingRecord.Version, SizingRecord.Size),
        (JournalRecordType.GateVerdict, GateVerdictRecord.Version, GateVerdictRecord.Size),
        (JournalRecordType.OrderRequest, OrderRequestRecord.Version, OrderRequestRecord.Size),
        (JournalRecordType.Instrument, InstrumentRecord.Version, InstrumentRecord.Size),
        (JournalRecordType.ModeChange, ModeChangeRecord.Version, ModeChangeRecord.Size),
        (JournalRecordType.ModelLoad, ModelLoadRecord.Version, ModelLoadRecord.Size),
    ];

    /// <summary>The fingerprint.</summary>
    public static ulong Fingerprint { get; } = Compute();

    private static ulong Compute()
    {
        var hash = 14695981039346656037UL;
        foreach (var (type, version, size) in Table)
        {
            hash = Mix(hash, type);
            hash = Mix(hash, version);
            hash = Mix(hash, (ulong)size);
        }

        return hash;
    }

    private static ulong Mix(ulong hash, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash ^= (value >> (i * 8)) & 0xFF;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
