using System.Globalization;
using System.Text.Json;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Stages.Journaling;

namespace QuantumTrader.Services.Journal;

/// <summary>`journal info` and `journal verify`: a full scan of a journal, shown for people or as JSON.</summary>
internal static class JournalInspector
{
    /// <summary>Prints the summary of a journal; exit code 0, or 1 when the directory holds no journal.</summary>
    public static int Info(string directory, bool json, TextWriter output)
    {
        var scan = JournalScan.Run(directory);
        if (json)
        {
            WriteJson(directory, scan, output, verify: false);
        }
        else
        {
            WriteHuman(directory, scan, output);
        }

        return Directory.Exists(directory) ? 0 : 1;
    }

    /// <summary>Checks every checksum and the sequence chain; exit code 0 only on a sound journal.</summary>
    public static int Verify(string directory, bool json, TextWriter output)
    {
        var scan = JournalScan.Run(directory);
        if (scan.Segments.Count == 0 && scan.IsSound)
        {
            scan.Defects.Add(new JournalCorruption(directory, -1, 0, RecordCheck.Empty, "no journal segment found"));
        }

        if (json)
        {
            WriteJson(directory, scan, output, verify: true);
        }
        else
        {
            foreach (var defect in scan.Defects)
            {
                output.WriteLine($"DEFECT {defect.SegmentPath} offset {defect.Offset}: {defect.Reason}: {defect.Detail}");
            }

            output.WriteLine(scan.IsSound
                ? $"OK: {scan.Records} records in {scan.Segments.Count} segments, every checksum and the sequence chain verified"
                : $"FAILED: {scan.Defects.Count} defect(s); {scan.Records} records verified before them");
        }

        return scan.IsSound ? 0 : 1;
    }

    private static (long FirstSeq, long LastSeq, long FirstTs, long LastTs, long Bytes) Totals(JournalScan scan)
    {
        long firstSeq = 0, lastSeq = 0, firstTs = 0, lastTs = 0, bytes = 0;
        foreach (var s in scan.Segments)
        {
            bytes += s.SizeOnDisk;
            if (s.Records == 0)
            {
                continue;
            }

            if (firstSeq == 0)
            {
                firstSeq = s.FirstSequence;
                firstTs = s.FirstTimestampNs;
            }

            lastSeq = s.LastSequence;
            lastTs = s.LastTimestampNs;
        }

        return (firstSeq, lastSeq, firstTs, lastTs, bytes);
    }

    private static string TypeName(ushort type) => JournalRecordType.Name(type) ?? "type-" + type.ToString(CultureInfo.InvariantCulture);

    private static string StateName(int state) => state switch
    {
        JournalFormat.StateActive => "active",
        JournalFormat.StateSealed => "sealed",
        _ => "prepared",
    };

    private static string Time(long ns) => ns == 0 ? "-" : DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteHuman(string directory, JournalScan scan, TextWriter o)
    {
        var t = Totals(scan);
        o.WriteLine($"journal    {directory}");
        o.WriteLine($"segments   {scan.Segments.Count}");
        o.WriteLine($"records    {scan.Records}");
        o.WriteLine($"sequences  {t.FirstSeq} .. {t.LastSeq}");
        o.WriteLine($"time       {Time(t.FirstTs)} .. {Time(t.LastTs)}  (record clock, shown as UTC)");
        o.WriteLine($"on disk    {t.Bytes:N0} bytes");
        if (scan.Segments.Count > 0)
        {
            var last = scan.Segments[^1];
            o.WriteLine($"instance   {last.InstanceId}   schema {last.SchemaFingerprint:x16}{(last.SchemaFingerprint == JournalSchema.Fingerprint ? " (this binary's)" : " (differs from this binary's)")}");
        }

        o.WriteLine("by type");
        foreach (var (type, count) in scan.CountsByType)
        {
            o.WriteLine($"  {TypeName(type),-12} {count,14:N0}");
        }

        o.WriteLine("segments");
        foreach (var s in scan.Segments)
        {
            o.WriteLine($"  {Path.GetFileName(s.File.Path),-22} {StateName(s.State),-8} seq {s.FirstSequence}..{s.LastSequence}  {s.Records:N0} records  {s.SizeOnDisk:N0} bytes");
        }

        foreach (var (name, next) in ReaderPositions.LoadAll(directory))
        {
            o.WriteLine($"reader     {name}: next sequence {next}");
        }

        foreach (var defect in scan.Defects)
        {
            o.WriteLine($"DEFECT     {defect}");
        }
    }

    private static void WriteJson(string directory, JournalScan scan, TextWriter output, bool verify)
    {
        var t = Totals(scan);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("directory", directory);
            if (verify)
            {
                w.WriteBoolean("sound", scan.IsSound);
            }

            w.WriteNumber("records", scan.Records);
            w.WriteNumber("segment_count", scan.Segments.Count);
            w.WriteNumber("first_sequence", t.FirstSeq);
            w.WriteNumber("last_sequence", t.LastSeq);
            w.WriteNumber("first_time_ns", t.FirstTs);
            w.WriteNumber("last_time_ns", t.LastTs);
            w.WriteNumber("size_on_disk_bytes", t.Bytes);
            w.WriteString("schema_fingerprint", JournalSchema.Fingerprint.ToString("x16", CultureInfo.InvariantCulture));
            w.WriteStartObject("counts_by_type");
            foreach (var (type, count) in scan.CountsByType)
            {
                w.WriteNumber(TypeName(type), count);
            }

            w.WriteEndObject();
            w.WriteStartArray("segments");
            foreach (var s in scan.Segments)
            {
                w.WriteStartObject();
                w.WriteNumber("index", s.File.Index);
                w.WriteString("file", Path.GetFileName(s.File.Path));
                w.WriteBoolean("compressed", s.File.Compressed);
                w.WriteString("state", StateName(s.State));
                w.WriteNumber("first_sequence", s.FirstSequence);
                w.WriteNumber("last_sequence", s.LastSequence);
                w.WriteNumber("records", s.Records);
                w.WriteNumber("first_time_ns", s.FirstTimestampNs);
                w.WriteNumber("last_time_ns", s.LastTimestampNs);
                w.WriteNumber("size_bytes", s.SizeOnDisk);
                w.WriteNumber("instance_id", s.InstanceId);
                w.WriteString("schema_fingerprint", s.SchemaFingerprint.ToString("x16", CultureInfo.InvariantCulture));
                w.WriteNumber("created_ns", s.CreationTimeNs);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("readers");
            foreach (var (name, next) in ReaderPositions.LoadAll(directory))
            {
                w.WriteNumber(name, next);
            }

            w.WriteEndObject();
            w.WriteStartArray("defects");
            foreach (var d in scan.Defects)
            {
                w.WriteStartObject();
                w.WriteString("segment", d.SegmentPath);
                w.WriteNumber("offset", d.Offset);
                w.WriteString("reason", d.Reason.ToString());
                w.WriteString("detail", d.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
