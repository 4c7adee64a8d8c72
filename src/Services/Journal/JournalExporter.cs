using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Stages.Journaling.Export;

namespace QuantumTrader.Services.Journal;

/// <summary>`journal tail` and `journal export`: records as text lines, JSON lines or CSV, with legacy field names.</summary>
internal sealed class JournalExporter
{
    private readonly RecordFormatter _formatter = new();
    private readonly TextFieldSink _text = new();
    private readonly CsvFieldSink _csv = new();
    private readonly MemoryStream _jsonBuffer = new();
    private readonly Utf8JsonWriter _json;
    private readonly JsonFieldSink _jsonSink;

    public JournalExporter()
    {
        _json = new Utf8JsonWriter(_jsonBuffer);
        _jsonSink = new JsonFieldSink(_json);
    }

    /// <summary>The formatter (skip counters).</summary>
    public RecordFormatter Formatter => _formatter;

    /// <summary>One record as a JSON or text line, or null when it is skipped (unknown type, newer version).</summary>
    public string? Format(in JournalRecord record, string format)
    {
        switch (format)
        {
            case "jsonl":
                _jsonBuffer.SetLength(0);
                _json.Reset();
                _json.WriteStartObject();
                var ok = _formatter.Format(record, _jsonSink) == RecordFormatResult.Ok;
                _json.WriteEndObject();
                _json.Flush();
                return ok ? System.Text.Encoding.UTF8.GetString(_jsonBuffer.GetBuffer(), 0, (int)_jsonBuffer.Length) : null;
            default:
                _text.Reset();
                return _formatter.Format(record, _text) == RecordFormatResult.Ok ? _text.ToString() : null;
        }
    }

    /// <summary>Exports records with from ≤ seq ≤ to (0: unbounded) of an optional type; exit code 0, or 1 on a defect.</summary>
    public static int Export(string directory, string format, long from, long to, ushort type, TextWriter output, TextWriter error)
    {
        var exporter = new JournalExporter();
        using var reader = JournalReader.Open(directory);
        // Design: CSV rows go through CsvHelper (RFC 4180 quoting of commas, quotes, CR and LF), one line ending
        // as the JSON and text exports use.
        using var csv = format == "csv" ? new CsvWriter(output, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = Environment.NewLine }, leaveOpen: true) : null;
        if (csv is not null)
        {
            WriteRow(csv, CsvFieldSink.ColumnNames);
        }

        long written = 0;
        JournalReadResult result;
        while ((result = reader.TryRead(out var record)) == JournalReadResult.Record)
        {
            if (to > 0 && record.Sequence > to)
            {
                break;
            }

            if (record.Sequence < from || (type != 0 && record.Type != type))
            {
                exporter._formatter.Observe(record); // still learn symbol names
                continue;
            }

            if (csv is not null)
            {
                exporter._csv.Reset();
                if (exporter._formatter.Format(record, exporter._csv) == RecordFormatResult.Ok)
                {
                    WriteRow(csv, exporter._csv.Values);
                    written++;
                }
            }
            else if (exporter.Format(record, format) is { } line)
            {
                output.WriteLine(line);
                written++;
            }
        }

        csv?.Flush();

        var f = exporter._formatter;
        error.WriteLine($"exported {written} records; skipped {f.UnknownTypes} of unknown type, {f.NewerVersions} of a newer version, {f.Malformed} malformed");
        return Report(reader, result, error);
    }

    /// <summary>Prints the last <paramref name="count"/> records (of a type), then follows new ones when asked.</summary>
    public static int Tail(string directory, ushort type, int count, bool follow, bool json, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var exporter = new JournalExporter();
        var format = json ? "jsonl" : "text";
        using var reader = JournalReader.Open(directory);
        var last = new Queue<string>();
        JournalReadResult result;
        while ((result = reader.TryRead(out var record)) == JournalReadResult.Record)
        {
            if (type != 0 && record.Type != type)
            {
                exporter._formatter.Observe(record);
                continue;
            }

            if (exporter.Format(record, format) is { } line)
            {
                last.Enqueue(line);
                if (last.Count > count)
                {
                    last.Dequeue();
                }
            }
        }

        foreach (var line in last)
        {
            output.WriteLine(line);
        }

        output.Flush();
        while (follow && result != JournalReadResult.Corrupt && !cancel.IsCancellationRequested)
        {
            result = reader.TryRead(out var record);
            if (result == JournalReadResult.Record)
            {
                if ((type == 0 || record.Type == type) && exporter.Format(record, format) is { } line)
                {
                    output.WriteLine(line);
                }
                else
                {
                    exporter._formatter.Observe(record);
                }

                continue;
            }

            output.Flush();
            cancel.WaitHandle.WaitOne(10); // a tool polling a live journal: 10 ms is plenty
        }

        return Report(reader, result, error);
    }

    private static void WriteRow(CsvWriter csv, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            csv.WriteField(values[i]);
        }

        csv.NextRecord();
    }

    private static int Report(JournalReader reader, JournalReadResult result, TextWriter error)
    {
        if (result == JournalReadResult.Corrupt && reader.Corruption is { } c)
        {
            error.WriteLine($"journal defect: {c}");
            return 1;
        }

        return 0;
    }
}
