namespace QuantumTrader.Engine.Journal;

/// <summary>The decoded header of a segment (see <see cref="JournalFormat"/> for the layout).</summary>
public readonly record struct SegmentHeader
{
    /// <summary>Magic number; <see cref="JournalFormat.Magic"/> once the segment was started.</summary>
    public ulong Magic { get; init; }

    /// <summary>Format version.</summary>
    public ushort FormatVersion { get; init; }

    /// <summary>Offset of the first record.</summary>
    public int DataOffset { get; init; }

    /// <summary>Segment file size.</summary>
    public long SegmentSize { get; init; }

    /// <summary>Segment index (its file name).</summary>
    public long SegmentIndex { get; init; }

    /// <summary>Engine instance id of the writer.</summary>
    public uint InstanceId { get; init; }

    /// <summary>log2 of the sparse index stride.</summary>
    public int StrideShift { get; init; }

    /// <summary>Sequence of the first record.</summary>
    public long FirstSequence { get; init; }

    /// <summary>Creation time, ns since the Unix epoch.</summary>
    public long CreationTimeNs { get; init; }

    /// <summary>Schema fingerprint of the writer.</summary>
    public ulong SchemaFingerprint { get; init; }

    /// <summary>The header checksum matches.</summary>
    public bool HeaderValid { get; init; }

    /// <summary>Prepared, active or sealed.</summary>
    public int State { get; init; }

    /// <summary>Published sparse index entries.</summary>
    public int IndexCount { get; init; }

    /// <summary>Sealed: offset just past the last record (and the end marker).</summary>
    public long SealedLength { get; init; }

    /// <summary>Sealed: sequence of the last record.</summary>
    public long LastSequence { get; init; }

    /// <summary>Sealed: number of records.</summary>
    public long RecordCount { get; init; }

    /// <summary>Sealed: timestamp of the last record.</summary>
    public long LastTimestampNs { get; init; }

    /// <summary>The seal checksum matches.</summary>
    public bool SealValid { get; init; }

    /// <summary>The segment was started by a writer and its header is intact.</summary>
    public bool IsStarted => Magic == JournalFormat.Magic && HeaderValid && State >= JournalFormat.StateActive;

    /// <summary>The segment is sealed and its seal fields are intact.</summary>
    public bool IsSealed => IsStarted && State == JournalFormat.StateSealed && SealValid;
}
