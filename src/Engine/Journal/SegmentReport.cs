namespace QuantumTrader.Engine.Journal;

/// <summary>What a full check of one segment found.</summary>
/// <param name="File">The file.</param>
/// <param name="State">Prepared, active or sealed.</param>
/// <param name="FirstSequence">First record's sequence (0: none).</param>
/// <param name="LastSequence">Last good record's sequence (0: none).</param>
/// <param name="Records">Good records.</param>
/// <param name="FirstTimestampNs">First record's timestamp.</param>
/// <param name="LastTimestampNs">Last good record's timestamp.</param>
/// <param name="SizeOnDisk">File length in bytes.</param>
/// <param name="InstanceId">Engine instance id of the writer.</param>
/// <param name="SchemaFingerprint">Schema fingerprint of the writer.</param>
/// <param name="CreationTimeNs">Segment creation time (epoch ns).</param>
public sealed record SegmentReport(SegmentFile File, int State, long FirstSequence, long LastSequence, long Records,
    long FirstTimestampNs, long LastTimestampNs, long SizeOnDisk, uint InstanceId, ulong SchemaFingerprint, long CreationTimeNs);
