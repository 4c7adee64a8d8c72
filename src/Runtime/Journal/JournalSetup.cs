using System.Globalization;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Stages.Journaling;

namespace QuantumTrader.Runtime.Journal;

/// <summary>Builds the journal writer's options from <c>config.toml</c> (the one place that maps [journal] keys).</summary>
internal static class JournalSetup
{
    /// <summary>
    /// Options for a run: <paramref name="directoryOverride"/> (<c>run --journal DIR</c>) wins over
    /// <c>journal.dir</c>; when both are empty, a fresh directory under <paramref name="freshRoot"/> named by
    /// <paramref name="runName"/> (the caller prints it). Throws <see cref="ArgumentException"/> naming the bad key.
    /// </summary>
    public static JournalOptions FromConfig(QuantumTraderConfig config, string? directoryOverride, string freshRoot, string runName)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.Journal;
        var dir = !string.IsNullOrEmpty(directoryOverride) ? directoryOverride
            : !string.IsNullOrEmpty(section.Dir) ? section.Dir
            : Path.Combine(freshRoot, runName);
        if (section.SegmentSizeMib < 1 || section.SegmentSizeMib > 1024)
        {
            throw new ArgumentException($"journal.segment_size_mib = {section.SegmentSizeMib}: must be 1..1024");
        }

        var durability = section.Durability switch
        {
            "page-cache" => JournalDurability.PageCache,
            "flush" => JournalDurability.Flush,
            _ => throw new ArgumentException($"journal.durability = \"{section.Durability}\": must be \"page-cache\" or \"flush\""),
        };
        if (section.FlushEveryRecords < 0 || section.FlushEveryMicros < 0)
        {
            throw new ArgumentException("journal.flush_every_records and journal.flush_every_micros must not be negative");
        }

        if (durability == JournalDurability.Flush && section.FlushEveryRecords == 0 && section.FlushEveryMicros == 0)
        {
            throw new ArgumentException("journal.durability = \"flush\" needs journal.flush_every_records or journal.flush_every_micros above 0");
        }

        if (config.Engine.InstanceId is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"engine.instance_id = {config.Engine.InstanceId}: must be 1..65535"));
        }

        var options = new JournalOptions
        {
            Directory = dir,
            SegmentSize = section.SegmentSizeMib * 1024L * 1024,
            InstanceId = (uint)config.Engine.InstanceId,
            SchemaFingerprint = JournalSchema.Fingerprint,
            Durability = durability,
            FlushEveryRecords = section.FlushEveryRecords,
            FlushEveryMicros = section.FlushEveryMicros,
        };
        options.Validate();
        return options;
    }
}
