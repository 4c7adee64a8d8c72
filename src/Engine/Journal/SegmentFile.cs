namespace QuantumTrader.Engine.Journal;

/// <summary>One segment file of a journal directory.</summary>
/// <param name="Index">Segment index, from the file name.</param>
/// <param name="Path">Full path.</param>
/// <param name="Compressed">True for an LZ4-compressed sealed segment.</param>
public sealed record SegmentFile(long Index, string Path, bool Compressed);
