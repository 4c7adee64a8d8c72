namespace QuantumTrader.Engine.Journal;

/// <summary>Where and what a journal defect is.</summary>
/// <param name="SegmentPath">The segment file.</param>
/// <param name="SegmentIndex">The segment index.</param>
/// <param name="Offset">Byte offset of the defect in the (uncompressed) segment.</param>
/// <param name="Reason">The kind of defect.</param>
/// <param name="Detail">A human-readable description.</param>
public sealed record JournalCorruption(string SegmentPath, long SegmentIndex, long Offset, RecordCheck Reason, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{SegmentPath} offset {Offset}: {Reason}: {Detail}";
}
