using System.Text.Json;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>Writes a config as a JSON object with the same snake_case keys as config.toml.</summary>
public static class ConfigJsonWriter
{
    /// <summary>Writes <paramref name="config"/> as one JSON object (sizes stay decimal strings: they are exact).</summary>
    public static void Write(Utf8JsonWriter writer, QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(config);
        writer.WriteStartObject();

        writer.WriteStartObject("engine");
        writer.WriteNumber("instance_id", config.Engine.InstanceId);
        writer.WriteNumber("ring_size", config.Engine.RingSize);
        writer.WriteString("producer", config.Engine.Producer);
        writer.WriteString("start_mode", config.Engine.StartMode);
        writer.WriteStartArray("groups");
        foreach (var group in config.Engine.Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("name", group.Name);
            writer.WriteStartArray("stages");
            foreach (var stage in group.Stages)
            {
                writer.WriteStringValue(stage);
            }

            writer.WriteEndArray();
            if (group.Core is int core)
            {
                writer.WriteNumber("core", core);
            }
            else
            {
                writer.WriteNull("core");
            }

            writer.WriteString("wait", group.Wait);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("journal");
        writer.WriteString("dir", config.Journal.Dir);
        writer.WriteNumber("segment_size_mib", config.Journal.SegmentSizeMib);
        writer.WriteString("durability", config.Journal.Durability);
        writer.WriteNumber("flush_every_records", config.Journal.FlushEveryRecords);
        writer.WriteNumber("flush_every_micros", config.Journal.FlushEveryMicros);
        writer.WriteBoolean("compress_sealed", config.Journal.CompressSealed);
        writer.WriteNumber("retention_days", config.Journal.RetentionDays);
        writer.WriteNumber("retention_max_gib", config.Journal.RetentionMaxGib);
        writer.WriteNumber("maintenance_period_seconds", config.Journal.MaintenancePeriodSeconds);
        writer.WriteNumber("min_free_mib", config.Journal.MinFreeMib);
        writer.WriteNumber("halt_free_mib", config.Journal.HaltFreeMib);
        writer.WriteNumber("free_space_check_ms", config.Journal.FreeSpaceCheckMs);
        writer.WriteNumber("stop_budget_seconds", config.Journal.StopBudgetSeconds);
        writer.WriteEndObject();

        writer.WriteStartObject("market");
        writer.WriteNumber("synthetic_rate", config.Market.SyntheticRate);
        writer.WriteNumber("synthetic_seed", config.Market.SyntheticSeed);
        writer.WriteStartArray("instruments");
        foreach (var instrument in config.Market.Instruments)
        {
            writer.WriteStartObject();
            writer.WriteString("symbol", instrument.Symbol);
            writer.WriteString("tick_size", instrument.TickSize);
            writer.WriteString("step_size", instrument.StepSize);
            writer.WriteString("min_notional", instrument.MinNotional);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("strategy");
        writer.WriteNumber("min_confidence", config.Strategy.MinConfidence);
        writer.WriteNumber("order_notional", config.Strategy.OrderNotional);
        writer.WriteNumber("max_position_notional", config.Strategy.MaxPositionNotional);
        writer.WriteNumber("cooldown_events", config.Strategy.CooldownEvents);
        writer.WriteNumber("min_consensus", config.Strategy.MinConsensus);
        writer.WriteString("symbol_cooldown", config.Strategy.SymbolCooldown);
        writer.WriteNumber("max_signals_per_minute", config.Strategy.MaxSignalsPerMinute);
        writer.WriteBoolean("funding_filter", config.Strategy.FundingFilter);
        writer.WriteNumber("max_abs_funding_rate", config.Strategy.MaxAbsFundingRate);
        writer.WriteString("reentry_block", config.Strategy.ReentryBlock);
        writer.WriteNumber("max_correlation_with_open", config.Strategy.MaxCorrelationWithOpen);
        writer.WriteNumber("correlation_window_candles", config.Strategy.CorrelationWindowCandles);
        writer.WriteNumber("min_correlation_samples", config.Strategy.MinCorrelationSamples);
        writer.WriteEndObject();

        writer.WriteStartObject("ingest");
        writer.WriteNumber("bad_tick_band_bps", config.Ingest.BadTickBandBps);
        writer.WriteNumber("reanchor_after_ticks", config.Ingest.ReanchorAfterTicks);
        writer.WriteString("reference_price", config.Ingest.ReferencePrice);
        writer.WriteEndObject();

        writer.WriteStartObject("features");
        writer.WriteString("candle_interval", config.Features.CandleInterval);
        writer.WriteNumber("max_gap_candles", config.Features.MaxGapCandles);
        writer.WriteBoolean("require_book", config.Features.RequireBook);
        writer.WriteString("max_book_age", config.Features.MaxBookAge);
        writer.WriteBoolean("require_funding", config.Features.RequireFunding);
        writer.WriteString("max_funding_age", config.Features.MaxFundingAge);
        writer.WriteEndObject();

        writer.WriteStartObject("inference");
        writer.WriteNumber("min_voters", config.Inference.MinVoters);
        writer.WriteNumber("min_directional_consensus", config.Inference.MinDirectionalConsensus);
        writer.WriteBoolean("conflate_per_batch", config.Inference.ConflatePerBatch);
        writer.WriteStartArray("models");
        foreach (var model in config.Inference.Models)
        {
            writer.WriteStartObject();
            writer.WriteString("path", model.Path);
            writer.WriteNumber("weight", model.Weight);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("simulator");
        writer.WriteString("latency", config.Simulator.Latency);
        writer.WriteNumber("taker_fee_bps", config.Simulator.TakerFeeBps);
        writer.WriteNumber("maker_fee_bps", config.Simulator.MakerFeeBps);
        writer.WriteNumber("slippage_ticks", config.Simulator.SlippageTicks);
        writer.WriteEndObject();

        writer.WriteStartObject("binance");
        writer.WriteString("rest_base", config.Binance.RestBase);
        writer.WriteString("ws_base", config.Binance.WsBase);
        writer.WriteStartArray("streams");
        foreach (var stream in config.Binance.Streams)
        {
            writer.WriteStringValue(stream);
        }

        writer.WriteEndArray();
        writer.WriteString("stale_after", config.Binance.StaleAfter);
        writer.WriteString("connect_timeout", config.Binance.ConnectTimeout);
        writer.WriteString("api_key_env", config.Binance.ApiKeyEnv);
        writer.WriteString("api_secret_env", config.Binance.ApiSecretEnv);
        writer.WriteEndObject();

        writer.WriteEndObject();
    }
}
