namespace QuantumTrader.Engine.Journal;

/// <summary>Settings of a <see cref="JournalWriter"/>; built once from config.</summary>
public sealed class JournalOptions
{
    /// <summary>Directory of the journal (created when missing).</summary>
    public required string Directory { get; init; }

    /// <summary>Size of every segment file in bytes (default 128 MiB, at least 1 MiB).</summary>
    public long SegmentSize { get; init; } = 128L * 1024 * 1024;

    /// <summary>Engine instance id, written in every segment header.</summary>
    public uint InstanceId { get; init; } = 1;

    /// <summary>Fingerprint of the record schema (type ids, versions, layouts) of the writing binary.</summary>
    public ulong SchemaFingerprint { get; init; }

    /// <summary>Durability policy.</summary>
    public JournalDurability Durability { get; init; } = JournalDurability.PageCache;

    /// <summary>With <see cref="JournalDurability.Flush"/>: flush after this many records (0: off).</summary>
    public int FlushEveryRecords { get; init; }

    /// <summary>With <see cref="JournalDurability.Flush"/>: flush when this many microseconds passed since the last flush (0: off).</summary>
    public long FlushEveryMicros { get; init; }

    /// <summary>Prepare and pre-fault the next segment on a background thread (true), or synchronously at roll time (false).</summary>
    public bool PrepareAhead { get; init; } = true;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Directory);
        if (SegmentSize < JournalFormat.MinSegmentSize || SegmentSize % 4096 != 0 || SegmentSize > (1L << 40))
        {
            throw new ArgumentException($"segment size {SegmentSize} must be a multiple of 4096 between 1 MiB and 1 TiB", nameof(SegmentSize));
        }

        if (FlushEveryRecords < 0 || FlushEveryMicros < 0)
        {
            throw new ArgumentException("flush intervals must not be negative", nameof(FlushEveryRecords));
        }

        if (Durability == JournalDurability.Flush && FlushEveryRecords == 0 && FlushEveryMicros == 0)
        {
            throw new ArgumentException("durability 'flush' needs flush_every_records or flush_every_micros", nameof(Durability));
        }
    }
}
