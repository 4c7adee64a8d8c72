using System.Globalization;
using System.Text;

namespace QuantumTrader.Runtime.Configuration;

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
        Key(s, "start_mode", Quote(config.Engine.StartMode));
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
        Key(s, "compress_sealed", Bool(config.Journal.CompressSealed));
        Key(s, "retention_days", Int(config.Journal.RetentionDays));
        Key(s, "retention_max_gib", Int(config.Journal.RetentionMaxGib));
        Key(s, "maintenance_period_seconds", Int(config.Journal.MaintenancePeriodSeconds));
        Key(s, "min_free_mib", Int(config.Journal.MinFreeMib));
        Key(s, "halt_free_mib", Int(config.Journal.HaltFreeMib));
        Key(s, "free_space_check_ms", Int(config.Journal.FreeSpaceCheckMs));
        Key(s, "stop_budget_seconds", Int(config.Journal.StopBudgetSeconds));

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
        Key(s, "min_consensus", Int(config.Strategy.MinConsensus));
        Key(s, "symbol_cooldown", Quote(config.Strategy.SymbolCooldown));
        Key(s, "max_signals_per_minute", Int(config.Strategy.MaxSignalsPerMinute));
        Key(s, "funding_filter", Bool(config.Strategy.FundingFilter));
        Key(s, "max_abs_funding_rate", Float(config.Strategy.MaxAbsFundingRate));
        Key(s, "reentry_block", Quote(config.Strategy.ReentryBlock));
        Key(s, "max_correlation_with_open", Float(config.Strategy.MaxCorrelationWithOpen));
        Key(s, "correlation_window_candles", Int(config.Strategy.CorrelationWindowCandles));
        Key(s, "min_correlation_samples", Int(config.Strategy.MinCorrelationSamples));

        s.AppendLine().AppendLine("[ingest]");
        Key(s, "bad_tick_band_bps", Int(config.Ingest.BadTickBandBps));
        Key(s, "reanchor_after_ticks", Int(config.Ingest.ReanchorAfterTicks));
        Key(s, "reference_price", Quote(config.Ingest.ReferencePrice));

        s.AppendLine().AppendLine("[features]");
        Key(s, "candle_interval", Quote(config.Features.CandleInterval));
        Key(s, "max_gap_candles", Int(config.Features.MaxGapCandles));
        Key(s, "require_book", Bool(config.Features.RequireBook));
        Key(s, "max_book_age", Quote(config.Features.MaxBookAge));
        Key(s, "require_funding", Bool(config.Features.RequireFunding));
        Key(s, "max_funding_age", Quote(config.Features.MaxFundingAge));

        // An empty model list is written as no [inference] section at all: a present section must list models.
        if (config.Inference.Models.Count > 0)
        {
            s.AppendLine().AppendLine("[inference]");
            Key(s, "min_voters", Int(config.Inference.MinVoters));
            Key(s, "min_directional_consensus", Int(config.Inference.MinDirectionalConsensus));
            Key(s, "conflate_per_batch", Bool(config.Inference.ConflatePerBatch));
            foreach (var model in config.Inference.Models)
            {
                s.AppendLine().AppendLine("[[inference.models]]");
                Key(s, "path", Quote(model.Path));
                Key(s, "weight", Float(model.Weight));
            }
        }

        s.AppendLine().AppendLine("[simulator]");
        Key(s, "latency", Quote(config.Simulator.Latency));
        Key(s, "taker_fee_bps", Float(config.Simulator.TakerFeeBps));
        Key(s, "maker_fee_bps", Float(config.Simulator.MakerFeeBps));
        Key(s, "slippage_ticks", Int(config.Simulator.SlippageTicks));

        s.AppendLine().AppendLine("[binance]");
        Key(s, "rest_base", Quote(config.Binance.RestBase));
        Key(s, "ws_base", Quote(config.Binance.WsBase));
        var streams = new StringBuilder("[");
        for (var i = 0; i < config.Binance.Streams.Count; i++)
        {
            streams.Append(i == 0 ? "" : ", ").Append(Quote(config.Binance.Streams[i]));
        }

        Key(s, "streams", streams.Append(']').ToString());
        Key(s, "stale_after", Quote(config.Binance.StaleAfter));
        Key(s, "connect_timeout", Quote(config.Binance.ConnectTimeout));
        Key(s, "api_key_env", Quote(config.Binance.ApiKeyEnv));
        Key(s, "api_secret_env", Quote(config.Binance.ApiSecretEnv));
        return s.ToString();
    }

    private static void Key(StringBuilder s, string key, string value) => s.Append(key).Append(" = ").AppendLine(value);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

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
