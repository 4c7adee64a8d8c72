namespace QuantumTrader.Engine.Journal;

/// <summary>Outcome of <see cref="JournalReader.TryRead"/>.</summary>
public enum JournalReadResult
{
    /// <summary>A record was read.</summary>
    Record = 0,

    /// <summary>No further committed record for now; call again to follow a live journal.</summary>
    EndOfData = 1,

    /// <summary>A defect was found; see <see cref="JournalReader.Corruption"/>. The reader stays at the defect.</summary>
    Corrupt = 2,
}
