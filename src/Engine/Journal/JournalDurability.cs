namespace QuantumTrader.Engine.Journal;

/// <summary>How far a committed record is guaranteed to survive.</summary>
public enum JournalDurability
{
    /// <summary>Records live in the page cache: they survive a crash of the process, not of the machine.</summary>
    PageCache = 0,

    /// <summary>Dirty pages are written to disk (msync) every N records and/or every T microseconds:
    /// records older than that window survive a machine crash.</summary>
    Flush = 1,
}
