namespace QuantumTrader.Engine.Journal;

/// <summary>One record as a reader sees it: a view into the mapped segment, valid until the next read.</summary>
public readonly ref struct JournalRecord
{
    /// <summary>Creates a record view.</summary>
    public JournalRecord(ushort type, ushort version, long sequence, long timestampNs, ReadOnlySpan<byte> payload, long segmentIndex, long offset)
    {
        Type = type;
        Version = version;
        Sequence = sequence;
        TimestampNs = timestampNs;
        Payload = payload;
        SegmentIndex = segmentIndex;
        Offset = offset;
    }

    /// <summary>Record type id.</summary>
    public ushort Type { get; }

    /// <summary>Schema version of the payload.</summary>
    public ushort Version { get; }

    /// <summary>Journal sequence (1, 2, 3... without gaps).</summary>
    public long Sequence { get; }

    /// <summary>Timestamp in nanoseconds from the writer's injected clock.</summary>
    public long TimestampNs { get; }

    /// <summary>The payload bytes.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Index of the segment holding the record.</summary>
    public long SegmentIndex { get; }

    /// <summary>Byte offset of the record in its segment.</summary>
    public long Offset { get; }
}
