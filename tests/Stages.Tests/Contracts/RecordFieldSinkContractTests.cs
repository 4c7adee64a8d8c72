using System.Text.Json;
using QuantumTrader.Stages.Journaling.Export;
using QuantumTrader.Testing.Contracts;

namespace QuantumTrader.Stages.Tests.Contracts;

/// <summary>The field sink contract for JSON lines (read back with a JSON parser).</summary>
public sealed class JsonFieldSinkContractTests : RecordFieldSinkContract
{
    private MemoryStream? _buffer;
    private Utf8JsonWriter? _writer;

    /// <inheritdoc />
    protected override IRecordFieldSink Create()
    {
        _buffer = new MemoryStream();
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartObject();
        return new JsonFieldSink(_writer);
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> Read(IRecordFieldSink sink)
    {
        _writer!.WriteEndObject();
        _writer.Flush();
        using var doc = JsonDocument.Parse(_buffer!.ToArray());
        var values = new Dictionary<string, string>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            values[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }

        return values;
    }
}

/// <summary>The field sink contract for CSV rows (the sink's unquoted values; the writer quotes them).</summary>
public sealed class CsvFieldSinkContractTests : RecordFieldSinkContract
{
    /// <inheritdoc />
    protected override IRecordFieldSink Create() => new CsvFieldSink();

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> Read(IRecordFieldSink sink)
    {
        var csv = (CsvFieldSink)sink;
        var values = new Dictionary<string, string>();
        for (var i = 0; i < CsvFieldSink.ColumnNames.Count; i++)
        {
            values[CsvFieldSink.ColumnNames[i]] = csv.Values[i];
        }

        return values;
    }
}

/// <summary>The field sink contract for the human-readable <c>name=value</c> line (values are not quoted, so a
/// value with a space or '=' is not kept intact; the fields after it still are).</summary>
public sealed class TextFieldSinkContractTests : RecordFieldSinkContract
{
    /// <inheritdoc />
    protected override bool KeepsAnyText => false;

    /// <inheritdoc />
    protected override IRecordFieldSink Create() => new TextFieldSink();

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> Read(IRecordFieldSink sink)
    {
        var values = new Dictionary<string, string>();
        foreach (var pair in sink.ToString()!.Split(' '))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values.TryAdd(pair[..eq], pair[(eq + 1)..]);
            }
        }

        return values;
    }
}
