namespace QuantumTrader.Engine.Journal;

/// <summary>
/// Walks every record of every segment, checking each checksum, the sequence chain within and across
/// segments and the seal fields; counts records by type. The basis of <c>journal info</c> and <c>journal verify</c>.
/// </summary>
public sealed class JournalScan
{
    private JournalScan()
    {
    }

    /// <summary>Per-segment results, in order (unstarted, pre-allocated segments are left out).</summary>
    public List<SegmentReport> Segments { get; } = new();

    /// <summary>Every defect found: segment, offset, reason.</summary>
    public List<JournalCorruption> Defects { get; } = new();

    /// <summary>Good records by record type id.</summary>
    public SortedDictionary<ushort, long> CountsByType { get; } = new();

    /// <summary>Total good records.</summary>
    public long Records { get; private set; }

    /// <summary>True when no defect was found.</summary>
    public bool IsSound => Defects.Count == 0;

    /// <summary>Scans a journal directory. A defect seen while a writer was live (a segment sealed or rolled
    /// during the walk) is confirmed by a second scan; real defects persist across both.</summary>
    public static JournalScan Run(string directory)
    {
        var scan = RunOnce(directory, out var sawActive);
        return scan.IsSound || !sawActive ? scan : RunOnce(directory, out _);
    }

    private static JournalScan RunOnce(string directory, out bool sawActiveSegment)
    {
        sawActiveSegment = false;
        var scan = new JournalScan();
        if (!Directory.Exists(directory))
        {
            scan.Defects.Add(new JournalCorruption(directory, -1, 0, RecordCheck.BadLength, "journal directory does not exist"));
            return scan;
        }

        var segments = JournalDirectory.List(directory);
        long previousLast = 0;
        long previousIndex = -1;
        var sawActive = false;
        foreach (var file in segments)
        {
            if (!file.Compressed && SegmentScan.TruncatedBelowHeader(file.Path) is { } cut)
            {
                scan.Defects.Add(new JournalCorruption(file.Path, file.Index, cut, RecordCheck.BadLength,
                    $"the segment file is truncated to {cut} bytes, shorter than its header and sparse index"));
                continue;
            }

            SegmentSource? source;
            try
            {
                source = SegmentSource.Open(directory, file.Index);
            }
            catch (InvalidDataException e)
            {
                scan.Defects.Add(new JournalCorruption(file.Path, file.Index, 0, RecordCheck.BadChecksum, e.Message));
                continue;
            }

            if (source is null)
            {
                continue;
            }

            using (source)
            {
                if (!source.IsStarted)
                {
                    if (SegmentScan.HasRecordBytes(source.Buffer))
                    {
                        scan.Defects.Add(new JournalCorruption(file.Path, file.Index, 0, RecordCheck.BadChecksum, "segment header fails its magic or state check but the segment holds records"));
                    }

                    continue; // pre-allocated for the next roll
                }

                var header = source.Header;
                if (!header.HeaderValid || header.SegmentIndex != file.Index)
                {
                    scan.Defects.Add(new JournalCorruption(file.Path, file.Index, 0, RecordCheck.BadChecksum, "segment header failed its checksum or names another index"));
                    continue;
                }

                if (!source.Compressed && source.Size != header.SegmentSize)
                {
                    scan.Defects.Add(new JournalCorruption(file.Path, file.Index, source.Size, RecordCheck.BadLength,
                        $"the segment file is {source.Size} bytes but its header says {header.SegmentSize}: truncated or extended"));
                }

                if (previousIndex >= 0 && file.Index != previousIndex + 1)
                {
                    scan.Defects.Add(new JournalCorruption(file.Path, file.Index, 0, RecordCheck.BadSequence, $"segment {previousIndex + 1} is missing"));
                }

                if (sawActive)
                {
                    scan.Defects.Add(new JournalCorruption(file.Path, file.Index, 0, RecordCheck.BadSequence, "a segment follows one that was never sealed"));
                }

                if (previousIndex >= 0 && header.FirstSequence != previousLast + 1)
                {
                    scan.Defects.Add(new JournalCorruption(file.Path, file.Index, 0, RecordCheck.BadSequence,
                        $"segment starts at sequence {header.FirstSequence}, previous segment ended at {previousLast}"));
                }

                var position = (long)JournalFormat.DataOffset;
                var expected = header.FirstSequence;
                long first = 0, last = header.FirstSequence - 1, count = 0, firstTs = 0, lastTs = 0;
                RecordCheck check;
                var rewalked = false;
                long committed = -1, committedSequence = 0;
                while (true)
                {
                    while ((check = RecordCodec.Check(source.Buffer, position, expected, out var length)) == RecordCheck.Ok)
                    {
                        var record = RecordCodec.View(source.Buffer, position, length, file.Index);
                        if (count == 0)
                        {
                            first = record.Sequence;
                            firstTs = record.TimestampNs;
                        }

                        last = record.Sequence;
                        lastTs = record.TimestampNs;
                        count++;
                        scan.CountsByType[record.Type] = scan.CountsByType.GetValueOrDefault(record.Type) + 1;
                        expected = last + 1;
                        position += (length + JournalFormat.Alignment - 1) & ~(JournalFormat.Alignment - 1);
                    }

                    if (check == RecordCheck.Empty && !rewalked && source.State == JournalFormat.StateSealed)
                    {
                        rewalked = true; // a live writer sealed it while we walked: read on to its end marker
                        continue;
                    }

                    if (check is RecordCheck.Empty or RecordCheck.EndOfSegment)
                    {
                        committed = SegmentScan.FindCommittedAfter(source.Buffer, position, expected, out committedSequence);
                        if (committed >= 0 && RecordCodec.Check(source.Buffer, position, expected, out _) == RecordCheck.Ok)
                        {
                            committed = -1;
                            continue; // a live writer committed it meanwhile: records commit in order
                        }
                    }

                    break;
                }

                var state = source.State;
                if (state == JournalFormat.StateSealed)
                {
                    header = source.Header; // the seal fields may have been written after the first read
                }

                if (committed >= 0)
                {
                    scan.Defects.Add(new JournalCorruption(file.Path, file.Index, position, RecordCheck.BadLength,
                        $"no record where sequence {expected} belongs, but committed {(committedSequence > 0 ? "record " + committedSequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : "a record")} follows at offset {committed}"));
                }
                else if (check is RecordCheck.BadLength or RecordCheck.BadChecksum or RecordCheck.BadSequence)
                {
                    scan.Defects.Add(new JournalCorruption(file.Path, file.Index, position, check, check == RecordCheck.BadSequence
                        ? $"expected sequence {expected}, found {RecordCodec.SequenceAt(source.Buffer, position)}"
                        : "record failed its checksum or length check"));
                }
                else if (state == JournalFormat.StateSealed)
                {
                    var sealedLength = position + (check == RecordCheck.EndOfSegment && position + 4 <= source.Size
                        && source.Buffer.VolatileReadInt32(position) == JournalFormat.EndOfSegment ? 4 : 0);
                    if (!header.SealValid || header.LastSequence != last || header.RecordCount != count || header.SealedLength != sealedLength)
                    {
                        scan.Defects.Add(new JournalCorruption(file.Path, file.Index, position, RecordCheck.BadSequence,
                            $"seal says records {header.RecordCount} up to sequence {header.LastSequence} ending at {header.SealedLength}; found {count} up to {last} ending at {sealedLength}"));
                    }
                }
                else
                {
                    sawActive = true;
                    sawActiveSegment = true;
                }

                scan.Records += count;
                scan.Segments.Add(new SegmentReport(file, state, first, count > 0 ? last : 0, count, firstTs, lastTs,
                    new FileInfo(file.Path).Length, header.InstanceId, header.SchemaFingerprint, header.CreationTimeNs));
                previousLast = last;
                previousIndex = file.Index;
            }
        }

        return scan;
    }
}
