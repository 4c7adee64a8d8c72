using System.Globalization;
using System.Text;

namespace QuantumTrader.Host.Config;

/// <summary>
/// Writes a config as TOML with every key present (defaults filled in), in the layout of config.toml.
/// The output loads back into an equal config.
/// </summary>
public static class ConfigTomlWriter
{
    /// <summary>The TOML text of <paramref name="config"/>.</summary>
    public static string ToToml(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var s = new StringBuilder();
        s.AppendLine("[engine]");
        Key(s, "instance_id", Int(config.Engine.InstanceId));
        Key(s, "ring_size", Int(config.Engine.RingSize));
        Key(s, "producer", Quote(config.Engine.Producer));
        foreach (var group in config.Engine.Groups)
        {
            s.AppendLine().AppendLine("[[engine.groups]]");
            Key(s, "name", Quote(group.Name));
            var stages = new StringBuilder("[");
            for (var i = 0; i < group.Stages.Count; i++)
            {
                stages.Append(i == 0 ? "" : ", ").Append(Quote(group.Stages[i]));
            }

            Key(s, "stages", stages.Append(']').ToString());
            if (group.Core is int core)
            {
                Key(s, "core", Int(core));
            }

            Key(s, "wait", Quote(group.Wait));
        }

        s.AppendLine().AppendLine("[journal]");
        Key(s, "dir", Quote(config.Journal.Dir));
        Key(s, "segment_size_mib", Int(config.Journal.SegmentSizeMib));
        Key(s, "durability", Quote(config.Journal.Durability));
        Key(s, "flush_every_records", Int(config.Journal.FlushEveryRecords));
        Key(s, "flush_every_micros", Int(config.Journal.FlushEveryMicros));

        s.AppendLine().AppendLine("[market]");
        Key(s, "synthetic_rate", Int(config.Market.SyntheticRate));
        Key(s, "synthetic_seed", Int(config.Market.SyntheticSeed));
        foreach (var instrument in config.Market.Instruments)
        {
            s.AppendLine().AppendLine("[[market.instruments]]");
            Key(s, "symbol", Quote(instrument.Symbol));
            Key(s, "tick_size", Quote(instrument.TickSize));
            Key(s, "step_size", Quote(instrument.StepSize));
            Key(s, "min_notional", Quote(instrument.MinNotional));
        }

        s.AppendLine().AppendLine("[strategy]");
        Key(s, "min_confidence", Float(config.Strategy.MinConfidence));
        Key(s, "order_notional", Float(config.Strategy.OrderNotional));
        Key(s, "max_position_notional", Float(config.Strategy.MaxPositionNotional));
        Key(s, "cooldown_events", Int(config.Strategy.CooldownEvents));
        return s.ToString();
    }

    private static void Key(StringBuilder s, string key, string value) => s.Append(key).Append(" = ").AppendLine(value);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Shortest round-trip form, always with a point or exponent so TOML reads it back as a float.</summary>
    private static string Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text.Replace("E+", "e", StringComparison.Ordinal).Replace("E", "e", StringComparison.Ordinal) : text + ".0";
    }

    /// <summary>A TOML basic string: backslash, quote and control characters escaped.</summary>
    private static string Quote(string value)
    {
        var s = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    s.Append("\\\"");
                    break;
                case '\\':
                    s.Append("\\\\");
                    break;
                case '\n':
                    s.Append("\\n");
                    break;
                case '\t':
                    s.Append("\\t");
                    break;
                case '\r':
                    s.Append("\\r");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        s.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        s.Append(c);
                    }

                    break;
            }
        }

        return s.Append('"').ToString();
    }
}
