namespace QuantumTrader.Engine.Journal;

/// <summary>What was found at a record position.</summary>
public enum RecordCheck
{
    /// <summary>A complete record with a valid checksum and the expected sequence.</summary>
    Ok = 0,

    /// <summary>Nothing committed here yet (length 0).</summary>
    Empty = 1,

    /// <summary>The end-of-segment marker, or no room left for one.</summary>
    EndOfSegment = 2,

    /// <summary>A length that cannot be a record.</summary>
    BadLength = 3,

    /// <summary>The checksum does not match: flipped or torn bytes.</summary>
    BadChecksum = 4,

    /// <summary>The sequence is not the successor of the previous record.</summary>
    BadSequence = 5,
}
