using System.Text.Json;

namespace QuantumTrader.Stages.Journaling.Export;

/// <summary>Writes fields as the properties of the current object of a <see cref="Utf8JsonWriter"/>.</summary>
/// <param name="writer">The JSON writer, positioned inside an object.</param>
public sealed class JsonFieldSink(Utf8JsonWriter writer) : IRecordFieldSink
{
    /// <inheritdoc />
    public void String(string name, string value) => writer.WriteString(name, value);

    /// <inheritdoc />
    public void Integer(string name, long value) => writer.WriteNumber(name, value);

    /// <inheritdoc />
    public void Number(string name, decimal value) => writer.WriteNumber(name, value);

    /// <inheritdoc />
    public void Boolean(string name, bool value) => writer.WriteBoolean(name, value);

    /// <inheritdoc />
    public void BeginObject(string name) => writer.WriteStartObject(name);

    /// <inheritdoc />
    public void EndObject() => writer.WriteEndObject();
}
