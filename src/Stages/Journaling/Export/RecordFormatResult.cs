namespace QuantumTrader.Stages.Journaling.Export;

/// <summary>Outcome of formatting one record.</summary>
public enum RecordFormatResult
{
    /// <summary>Formatted.</summary>
    Ok = 0,

    /// <summary>A type id this binary does not know: skipped and counted.</summary>
    UnknownType = 1,

    /// <summary>A known type written by a newer schema version: skipped and counted.</summary>
    NewerVersion = 2,

    /// <summary>A known type and version whose payload is too short: skipped and counted.</summary>
    Malformed = 3,
}
