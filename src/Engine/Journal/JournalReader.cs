namespace QuantumTrader.Engine.Journal;

/// <summary>
/// Reads a journal in sequence order, live or at rest, in this or another process: maps segments
/// read-only, follows the writer's commit markers, crosses segment boundaries and reads LZ4-compressed
/// segments transparently. Stops at a defect and reports where it is instead of guessing.
/// </summary>
/// <remarks>
/// One thread per reader. <see cref="TryRead"/> does not allocate while it stays within a segment; opening
/// the next segment maps a file (or decompresses one). A named reader can save its position and resume.
/// </remarks>
public sealed class JournalReader : IDisposable
{
    // Design: the reader shares nothing with the writer but the mapped bytes. It reads a record's length
    // with acquire semantics; non-zero means the writer's release store published the whole record, which
    // the CRC-32C then confirms (a torn or flipped record never passes). Zero means "nothing yet": the
    // reader stays put and the caller polls. -1 (or no room left) sends it to the next file, whose header
    // it re-reads until the writer has started it (state written last). It never writes to the journal.
    private readonly string _directory;
    private readonly string? _name;
    private SegmentSource? _source;
    private long _segmentIndex;
    private long _position;
    private long _expected;
    private long _skipUntilSequence;
    private long _skipUntilTime = long.MinValue;
    private long _lastSequence;
    private bool _headerChecked;
    private long _populatedTo;
    private const long PopulateWindow = 32L * 1024 * 1024;

    private JournalReader(string directory, string? name)
    {
        _directory = directory;
        _name = name;
        var segments = JournalDirectory.List(directory);
        _segmentIndex = segments.Count > 0 ? segments[0].Index : 0;
        _position = JournalFormat.DataOffset;
    }

    /// <summary>Opens a reader at the start of the journal, or, for a named reader with a saved position, where it stopped.</summary>
    /// <param name="directory">Journal directory.</param>
    /// <param name="name">Reader name for saved positions (null: anonymous).</param>
    public static JournalReader Open(string directory, string? name = null)
    {
        var reader = new JournalReader(directory, name);
        if (name is not null && ReaderPositions.Load(directory, name) is { } next && next > 1)
        {
            if (!reader.SeekToSequence(next) && FirstAvailableSequence(directory) is { } first && first > next)
            {
                // Records this reader never read were deleted (retention forced past it): say so, never skip silently.
                reader.Corruption = new JournalCorruption(JournalDirectory.SegmentPath(directory, reader._segmentIndex), reader._segmentIndex, 0,
                    RecordCheck.BadSequence, $"reader '{name}' stopped before sequence {next}, but the journal now starts at {first}: records {next}..{first - 1} are gone");
            }
        }

        return reader;
    }

    /// <summary>The defect that stopped the reader, if any.</summary>
    public JournalCorruption? Corruption { get; private set; }

    /// <summary>Sequence of the last record returned (0 before the first).</summary>
    public long LastSequence => _lastSequence;

    /// <summary>Records returned so far.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Segment the reader is in.</summary>
    public long SegmentIndex => _segmentIndex;

    /// <summary>Saves this named reader's position (the record after the last one returned).</summary>
    public void SavePosition()
    {
        if (_name is null)
        {
            throw new InvalidOperationException("an anonymous reader has no saved position");
        }

        ReaderPositions.Save(_directory, _name, Math.Max(_lastSequence + 1, _skipUntilSequence));
    }

    /// <summary>Reads the next committed record, if there is one.</summary>
    public JournalReadResult TryRead(out JournalRecord record)
    {
        record = default;
        if (Corruption is not null)
        {
            return JournalReadResult.Corrupt;
        }

        while (true)
        {
            if (_source is null || !_headerChecked)
            {
                if (!TryEnterSegment())
                {
                    return Corruption is null ? JournalReadResult.EndOfData : JournalReadResult.Corrupt;
                }
            }

            var source = _source!;
            var check = RecordCodec.Check(source.Buffer, _position, _expected, out var length);
            switch (check)
            {
                case RecordCheck.Ok:
                    if (_position >= _populatedTo)
                    {
                        PopulateAhead(source);
                    }

                    record = RecordCodec.View(source.Buffer, _position, length, _segmentIndex);
                    _position += (length + JournalFormat.Alignment - 1) & ~(JournalFormat.Alignment - 1);
                    _expected = record.Sequence + 1;
                    if (record.Sequence < _skipUntilSequence || record.TimestampNs < _skipUntilTime)
                    {
                        continue;
                    }

                    _skipUntilTime = long.MinValue;
                    _lastSequence = record.Sequence;
                    RecordsRead++;
                    return JournalReadResult.Record;
                case RecordCheck.Empty:
                    if (source.State == JournalFormat.StateSealed)
                    {
                        // The writer may have written the end marker and sealed between our two reads.
                        if (source.Buffer.VolatileReadInt32(_position) != 0)
                        {
                            continue;
                        }

                        return Fail(check, "sealed segment ends before its seal mark");
                    }

                    return JournalReadResult.EndOfData;
                case RecordCheck.EndOfSegment:
                    source.Dispose();
                    _source = null;
                    _populatedTo = 0;
                    _headerChecked = false;
                    _segmentIndex++;
                    _position = JournalFormat.DataOffset;
                    continue;
                default:
                    return Fail(check, check == RecordCheck.BadSequence
                        ? $"expected sequence {_expected}, found {RecordCodec.SequenceAt(source.Buffer, _position)}"
                        : "record failed its checksum or length check");
            }
        }
    }

    /// <summary>Positions the reader so the next record read is the first with sequence ≥ <paramref name="sequence"/>.</summary>
    /// <returns>False when the journal holds no segment that far back or forward (the reader starts at the earliest).</returns>
    public bool SeekToSequence(long sequence)
    {
        var found = FindSegment(h => h.FirstSequence <= sequence, out var index);
        Reposition(index);
        if (!found || !TryEnterSegment())
        {
            _skipUntilSequence = sequence;
            return false;
        }

        var source = _source!;
        var lo = 0;
        var hi = source.IndexCount - 1;
        var best = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (source.IndexEntry(mid).Sequence <= sequence)
            {
                best = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (best >= 0)
        {
            var entry = source.IndexEntry(best);
            _position = entry.Offset;
            _expected = entry.Sequence;
        }

        _skipUntilSequence = sequence;
        return true;
    }

    /// <summary>Positions the reader so the next record read is the first with timestamp ≥ <paramref name="timestampNs"/>
    /// (timestamps are assumed non-decreasing, as the injected clock gives them).</summary>
    /// <returns>False when no segment starts at or before that time (the reader starts at the earliest).</returns>
    public bool SeekToTime(long timestampNs)
    {
        var found = FindSegment(h => h.FirstTimestampNs <= timestampNs, out var index);
        Reposition(index);
        _skipUntilTime = timestampNs;
        if (!found || !TryEnterSegment())
        {
            return false;
        }

        var source = _source!;
        var lo = 0;
        var hi = source.IndexCount - 1;
        var best = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (source.IndexEntry(mid).TimestampNs < timestampNs)
            {
                best = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (best >= 0)
        {
            var entry = source.IndexEntry(best);
            _position = entry.Offset;
            _expected = entry.Sequence;
        }

        return true;
    }

    // Page faults, one per 4 KiB, would cost more than reading the records in them: map the next window in
    // with one system call. Pages the writer has not written yet are mapped too and show its later writes.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PopulateAhead(SegmentSource source)
    {
        var from = _position & ~(PopulateWindow - 1);
        source.Populate(from, PopulateWindow);
        _populatedTo = from + PopulateWindow;
    }

    private static long? FirstAvailableSequence(string directory)
    {
        foreach (var segment in JournalDirectory.List(directory))
        {
            if (SegmentSummary.Read(segment) is { } summary && summary.Header.IsStarted)
            {
                return summary.FirstSequence;
            }
        }

        return null;
    }

    private void Reposition(long index)
    {
        _source?.Dispose();
        _source = null;
        _populatedTo = 0;
        _headerChecked = false;
        _segmentIndex = index;
        _position = JournalFormat.DataOffset;
        _expected = 0;
        _skipUntilSequence = 0;
        _skipUntilTime = long.MinValue;
        Corruption = null;
    }

    private bool FindSegment(Func<SegmentSummary, bool> startsAtOrBefore, out long index)
    {
        var segments = JournalDirectory.List(_directory);
        index = segments.Count > 0 ? segments[0].Index : 0;
        var found = false;
        foreach (var segment in segments)
        {
            var summary = SegmentSummary.Read(segment);
            if (summary is null || !summary.Header.IsStarted)
            {
                break;
            }

            if (!startsAtOrBefore(summary))
            {
                break;
            }

            index = segment.Index;
            found = true;
        }

        return found;
    }

    private bool TryEnterSegment()
    {
        _source ??= SegmentSource.Open(_directory, _segmentIndex);
        if (_source is null)
        {
            if (File.Exists(JournalDirectory.SegmentPath(_directory, _segmentIndex + 1))
                || File.Exists(JournalDirectory.CompressedPath(_directory, _segmentIndex + 1)))
            {
                // A later segment exists, so this one will never come: it was deleted (retention) or lost.
                Fail(RecordCheck.BadSequence, $"segment {_segmentIndex} is missing while segment {_segmentIndex + 1} exists");
            }

            return false;
        }

        if (!_source.IsStarted)
        {
            return false;
        }

        var header = _source.Header;
        if (!header.HeaderValid || header.SegmentIndex != _segmentIndex || header.FormatVersion != JournalFormat.FormatVersion)
        {
            Fail(RecordCheck.BadChecksum, header.FormatVersion != JournalFormat.FormatVersion && header.HeaderValid
                ? $"segment format version {header.FormatVersion} is not supported"
                : "segment header failed its checksum");
            _position = 0;
            return false;
        }

        if (_expected != 0 && _position == JournalFormat.DataOffset && header.FirstSequence != _expected)
        {
            Fail(RecordCheck.BadSequence, $"segment starts at sequence {header.FirstSequence}, expected {_expected}");
            return false;
        }

        if (_expected == 0 && _position == JournalFormat.DataOffset)
        {
            _expected = header.FirstSequence;
        }

        _headerChecked = true;
        return true;
    }

    private JournalReadResult Fail(RecordCheck reason, string detail)
    {
        Corruption = new JournalCorruption(_source?.Path ?? JournalDirectory.SegmentPath(_directory, _segmentIndex), _segmentIndex, _position, reason, detail);
        return JournalReadResult.Corrupt;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _source?.Dispose();
        _source = null;
    }
}
