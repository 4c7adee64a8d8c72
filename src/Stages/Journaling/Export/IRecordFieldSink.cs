namespace QuantumTrader.Stages.Journaling.Export;

/// <summary>Receives the named fields of a decoded record (JSON, CSV or text output).</summary>
public interface IRecordFieldSink
{
    /// <summary>A text field.</summary>
    void String(string name, string value);

    /// <summary>An integer field.</summary>
    void Integer(string name, long value);

    /// <summary>A decimal field (exact fixed-point values, floats).</summary>
    void Number(string name, decimal value);

    /// <summary>A boolean field.</summary>
    void Boolean(string name, bool value);

    /// <summary>Starts a nested object.</summary>
    void BeginObject(string name);

    /// <summary>Ends the nested object.</summary>
    void EndObject();
}
