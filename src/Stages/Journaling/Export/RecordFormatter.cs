using System.Globalization;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Stages.Journaling.Export;

/// <summary>
/// Turns journal records into named fields for the tools, with the field and stream names of the legacy
/// Redis streams where one exists (market.tick, market.klines, exchange.normalized, ai.signal_generated,
/// trade.intent, sizing.decided, governor.events, apply.plan, policy.updated). Learns symbol names from instrument records.
/// Unknown types and newer versions are skipped and counted, never guessed at.
/// </summary>
/// <remarks>For tools, not the hot path: it allocates strings.</remarks>
public sealed class RecordFormatter
{
    private readonly Dictionary<ushort, string> _symbols = new();

    /// <summary>Records skipped because their type id is unknown.</summary>
    public long UnknownTypes { get; private set; }

    /// <summary>Records skipped because their version is newer than this binary knows.</summary>
    public long NewerVersions { get; private set; }

    /// <summary>Records skipped because their payload is too short for their version.</summary>
    public long Malformed { get; private set; }

    /// <summary>Learns from a record without formatting it (instrument definitions).</summary>
    public void Observe(in JournalRecord record)
    {
        if (record.Type == JournalRecordType.Instrument && InstrumentRecord.TryRead(record.Payload, record.Version, out var instrument))
        {
            _symbols[instrument!.Id] = instrument.Symbol;
        }
    }

    /// <summary>The legacy stream name of a record, or our own name where the legacy system had none.</summary>
    public static string StreamName(in JournalRecord record) => record.Type switch
    {
        JournalRecordType.Input => record.Payload.Length > 0 ? InputStream((InputKind)record.Payload[0]) : "input",
        JournalRecordType.Signal => "ai.signal_generated",
        JournalRecordType.Intent => "trade.intent",
        JournalRecordType.Sizing => "sizing.decided",
        JournalRecordType.GateVerdict => "governor.events",
        JournalRecordType.OrderRequest => "apply.plan",
        JournalRecordType.Instrument => "instrument",
        JournalRecordType.ModeChange => "policy.updated",
        JournalRecordType.ModelLoad => "model.retrain",
        JournalRecordType.CancelRequest => "apply.cancel",
        _ => "unknown",
    };

    /// <summary>Writes the envelope and the fields of <paramref name="record"/> to <paramref name="sink"/>.</summary>
    public RecordFormatResult Format(in JournalRecord record, IRecordFieldSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var name = JournalRecordType.Name(record.Type);
        if (name is null)
        {
            UnknownTypes++;
            return RecordFormatResult.UnknownType;
        }

        if (record.Version > CurrentVersion(record.Type))
        {
            NewerVersions++;
            return RecordFormatResult.NewerVersion;
        }

        Observe(record);
        var result = record.Type switch
        {
            JournalRecordType.Input => FormatInput(record, sink),
            JournalRecordType.Signal => FormatSignal(record, sink),
            JournalRecordType.Intent => FormatIntent(record, sink),
            JournalRecordType.Sizing => FormatSizing(record, sink),
            JournalRecordType.GateVerdict => FormatGate(record, sink),
            JournalRecordType.OrderRequest => FormatOrder(record, sink),
            JournalRecordType.ModeChange => FormatMode(record, sink),
            JournalRecordType.ModelLoad => FormatModelLoad(record, sink),
            JournalRecordType.CancelRequest => FormatCancel(record, sink),
            _ => FormatInstrument(record, sink),
        };
        if (result == RecordFormatResult.Malformed)
        {
            Malformed++;
        }

        return result;
    }

    private static ushort CurrentVersion(ushort type) => type switch
    {
        JournalRecordType.Input => InputRecord.Version,
        JournalRecordType.Signal => SignalRecord.Version,
        JournalRecordType.Intent => IntentRecord.Version,
        JournalRecordType.Sizing => SizingRecord.Version,
        JournalRecordType.GateVerdict => GateVerdictRecord.Version,
        JournalRecordType.OrderRequest => OrderRequestRecord.Version,
        JournalRecordType.ModeChange => ModeChangeRecord.Version,
        JournalRecordType.ModelLoad => ModelLoadRecord.Version,
        JournalRecordType.CancelRequest => CancelRequestRecord.Version,
        _ => InstrumentRecord.Version,
    };

    private static void Envelope(in JournalRecord record, IRecordFieldSink sink)
    {
        sink.Integer("seq", record.Sequence);
        sink.Integer("ts_ns", record.TimestampNs);
        sink.String("type", JournalRecordType.Name(record.Type)!);
        sink.Integer("version", record.Version);
        sink.String("stream", StreamName(record));
    }

    private static string InputStream(InputKind kind) => kind switch
    {
        InputKind.Trade or InputKind.AggTrade => "market.tick",
        InputKind.Kline => "market.klines",
        InputKind.BookTicker or InputKind.BookUpdate or InputKind.MarkPrice => "exchange.normalized",
        InputKind.OrderUpdate => "execution.result",
        InputKind.AccountUpdate => "portfolio.state",
        InputKind.Control => "control",
        InputKind.FeedState => "feed.state",
        InputKind.Timer => "timer",
        _ => "input",
    };

    private string Symbol(ushort id) => _symbols.TryGetValue(id, out var s) ? s : "#" + id.ToString(CultureInfo.InvariantCulture);

    private static decimal Fixed(long raw) => (decimal)raw / FixedPoint.Scale;

    private static decimal EpochSeconds(long ns) => ns / 1_000_000_000m;

    private static string SideName(Side side, bool upper) => side switch
    {
        Side.Buy => upper ? "BUY" : "buy",
        Side.Sell => upper ? "SELL" : "sell",
        _ => upper ? "HOLD" : "hold",
    };

    private RecordFormatResult FormatInput(in JournalRecord record, IRecordFieldSink sink)
    {
        var e = default(InputEvent);
        if (!InputRecord.TryRead(record.Payload, record.Version, ref e))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("symbol", Symbol(e.SymbolId));
        sink.String("kind", e.Kind.ToString());
        var time = e.ExchangeTimeNs != 0 ? e.ExchangeTimeNs : e.ReceiveTimeNs;
        switch (e.Kind)
        {
            case InputKind.Trade or InputKind.AggTrade:
                sink.Number("price", Fixed(e.Price.Raw));
                sink.Number("qty", Fixed(e.Quantity.Raw));
                sink.Boolean("is_buyer_maker", (e.Flags & 1) != 0);
                break;
            case InputKind.BookTicker or InputKind.BookUpdate:
                sink.Number("bid", Fixed(e.BidPrice.Raw));
                sink.Number("bid_qty", Fixed(e.BidQuantity.Raw));
                sink.Number("ask", Fixed(e.AskPrice.Raw));
                sink.Number("ask_qty", Fixed(e.AskQuantity.Raw));
                break;
            case InputKind.Kline:
                sink.Number("open", Fixed(e.Aux0));
                sink.Number("high", Fixed(e.Aux1));
                sink.Number("low", Fixed(e.Aux2));
                sink.Number("close", Fixed(e.Price.Raw));
                sink.Number("volume", Fixed(e.Quantity.Raw));
                sink.Boolean("is_closed", (e.Flags & 1) != 0);
                break;
            case InputKind.MarkPrice:
                sink.Number("mark_price", Fixed(e.Price.Raw));
                sink.Number("funding_rate", Fixed(e.Aux0));
                break;
            default:
                sink.Integer("code", e.Code);
                sink.Number("price", Fixed(e.Price.Raw));
                sink.Number("qty", Fixed(e.Quantity.Raw));
                sink.Integer("aux0", e.Aux0);
                sink.Integer("aux1", e.Aux1);
                sink.Integer("aux2", e.Aux2);
                sink.Integer("aux3", e.Aux3);
                break;
        }

        sink.Number("timestamp", EpochSeconds(time));
        sink.Integer("source_sequence", e.SourceSequence);
        sink.Integer("exchange_time_ns", e.ExchangeTimeNs);
        sink.Integer("receive_time_ns", e.ReceiveTimeNs);
        sink.Boolean("valid", e.Valid);
        sink.Integer("reject_reason", e.RejectReason);
        return RecordFormatResult.Ok;
    }

    private RecordFormatResult FormatSignal(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!SignalRecord.TryRead(record.Payload, record.Version, out var r))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("symbol", Symbol(r.SymbolId));
        sink.String("action", SideName(r.Side, upper: false));
        sink.Number("confidence", (decimal)r.Confidence);
        sink.Number("ensemble_confidence", (decimal)r.Confidence);
        sink.BeginObject("model_votes");
        sink.Number("SELL", (decimal)r.ProbSell);
        sink.Number("HOLD", (decimal)r.ProbHold);
        sink.Number("BUY", (decimal)r.ProbBuy);
        sink.EndObject();
        sink.Integer("consensus", r.Consensus);
        sink.Integer("models_voting", r.ModelsVoting);
        sink.Integer("input_seq", r.InputSequence);
        if (record.Version >= 2)
        {
            sink.String("ensemble_action", SideName(r.EnsembleSide, upper: false));
            sink.String("refused", r.Reason == 0 ? "none" : ((Signal.SignalReason)r.Reason).ToString());
            sink.Boolean("failed_closed", r.FailedClosed);
            sink.String("model_hash", r.EnsembleHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            sink.Integer("model_vote_bits", (long)r.ModelVotes);
            sink.Integer("features_ring_seq", r.FeaturesSequence);
            sink.Integer("inference_time_ns", r.InferenceTimeNs);
        }

        return RecordFormatResult.Ok;
    }

    private RecordFormatResult FormatIntent(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!IntentRecord.TryRead(record.Payload, record.Version, out var r))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("symbol", Symbol(r.SymbolId));
        sink.String("side", SideName(r.Side, upper: true));
        sink.Number("confidence", (decimal)r.Confidence);
        sink.Integer("input_seq", r.InputSequence);
        return RecordFormatResult.Ok;
    }

    private RecordFormatResult FormatSizing(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!SizingRecord.TryRead(record.Payload, record.Version, out var r))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("symbol", Symbol(r.SymbolId));
        sink.String("side", SideName(r.Side, upper: true));
        sink.Number("qty", Fixed(r.Quantity.Raw));
        sink.Number("price", Fixed(r.Price.Raw));
        sink.Integer("input_seq", r.InputSequence);
        if (record.Version < 2)
        {
            return RecordFormatResult.Ok; // version 1 kept only the order
        }

        var t = r.Trace;
        sink.String("refused", r.Reason == 0 ? "none" : ((Risk.SizingReason)r.Reason).ToString());
        sink.Number("confidence", (decimal)r.Confidence);
        sink.Number("equity", Fixed(t.EquityRaw));
        sink.Number("margin_fraction", Fixed(t.MarginFractionRaw));
        sink.Number("margin", Fixed(t.Margin.Raw));
        sink.Number("atr_pct", Fixed(t.AtrPctRaw));
        sink.Boolean("cold_start", r.ColdStart);
        sink.Number("kelly_leverage", Fixed(t.KellyLeverage.Raw));
        sink.Number("atr_leverage", Fixed(t.AtrLeverage.Raw));
        sink.Number("leverage", Fixed(r.Leverage.Raw));
        sink.Number("sl_distance", Fixed(t.StopDistanceRaw));
        sink.Number("tp_distance", Fixed(t.TakeProfitDistanceRaw));
        sink.Number("reference_price", Fixed(r.ReferencePrice.Raw));
        sink.Number("sl_price", Fixed(r.StopLossPrice.Raw));
        sink.Number("tp_price", Fixed(r.TakeProfitPrice.Raw));
        sink.Number("qty_unrounded", Fixed(t.UnroundedQuantity.Raw));
        sink.Number("notional", Fixed(t.Notional.Raw));
        return RecordFormatResult.Ok;
    }

    private RecordFormatResult FormatGate(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!GateVerdictRecord.TryRead(record.Payload, record.Version, out var r))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("symbol", Symbol(r.SymbolId));
        sink.String("decision", r.Approved ? "ALLOW" : "BLOCK");
        sink.Integer("reason", r.Reason);
        sink.String("reason_name", EnumNames<Risk.GateReason>.Of((Risk.GateReason)r.Reason));
        sink.String("purpose", EnumNames<OrderPurpose>.Of(r.Purpose));
        sink.String("side", SideName(r.Side, upper: true));
        sink.Number("qty", Fixed(r.Quantity.Raw));
        sink.Integer("input_seq", r.InputSequence);
        return RecordFormatResult.Ok;
    }

    private RecordFormatResult FormatCancel(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!CancelRequestRecord.TryRead(record.Payload, record.Version, out var id, out var symbol, out var purpose, out var inputSequence))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("plan_id", id.ToString());
        sink.String("decision", "CANCEL");
        sink.String("symbol", Symbol(symbol));
        sink.String("purpose", EnumNames<OrderPurpose>.Of(purpose));
        sink.Integer("input_seq", inputSequence);
        return RecordFormatResult.Ok;
    }

    private RecordFormatResult FormatOrder(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!OrderRequestRecord.TryRead(record.Payload, record.Version, out var r, out var inputSequence))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("plan_id", r.ClientOrderId.ToString());
        sink.String("decision", "EXECUTE");
        sink.String("symbol", Symbol(r.SymbolId));
        sink.String("side", SideName(r.Side, upper: true));
        sink.String("type", r.Type switch
        {
            OrderType.Market => "MARKET",
            OrderType.Limit => "LIMIT",
            OrderType.StopMarket => "STOP_MARKET",
            OrderType.TakeProfitMarket => "TAKE_PROFIT_MARKET",
            OrderType.TrailingStopMarket => "TRAILING_STOP_MARKET",
            _ => "UNKNOWN",
        });
        sink.Number("qty", Fixed(r.Quantity.Raw));
        sink.Number("price", Fixed(r.Price.Raw));
        sink.Number("stop_price", Fixed(r.StopPrice.Raw));
        sink.Number("reference_price", Fixed(r.ReferencePrice.Raw));
        sink.String("time_in_force", r.TimeInForce.ToString().ToUpperInvariant());
        sink.Boolean("reduceOnly", r.ReduceOnly);
        sink.Boolean("close_position", r.ClosePosition);
        sink.String("purpose", EnumNames<OrderPurpose>.Of(r.Purpose));
        sink.String("working_type", r.TriggerOn == TriggerPrice.Mark ? "MARK_PRICE" : "CONTRACT_PRICE");
        sink.Number("timestamp", EpochSeconds(r.DecisionTimeNs));
        sink.Integer("input_seq", inputSequence);
        return RecordFormatResult.Ok;
    }

    private RecordFormatResult FormatMode(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!ModeChangeRecord.TryRead(record.Payload, record.Version, out var c, out var inputSequence))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("scope", c.SymbolScope ? "symbol" : "global");
        if (c.SymbolScope)
        {
            sink.String("symbol", Symbol(c.SymbolId));
        }

        sink.String("from", ModeName(c.From));
        sink.String("to", ModeName(c.To));
        sink.String("cause", CauseName(c.Cause));
        sink.Integer("input_seq", inputSequence);
        return RecordFormatResult.Ok;
    }

    private static string ModeName(Model.State.TradingMode mode) => mode switch
    {
        Model.State.TradingMode.Active => "ACTIVE",
        Model.State.TradingMode.Reducing => "REDUCING",
        Model.State.TradingMode.Halted => "HALTED",
        _ => "UNKNOWN",
    };

    private static string CauseName(Model.State.ModeCause cause) => Enum.IsDefined(cause)
        ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(cause.ToString())
        : "cause_" + ((ushort)cause).ToString(CultureInfo.InvariantCulture);

    private static RecordFormatResult FormatModelLoad(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!ModelLoadRecord.TryRead(record.Payload, record.Version, out var m))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.Integer("generation", m.Generation);
        sink.String("model_hash", m.EnsembleHash.ToString("x16", CultureInfo.InvariantCulture));
        sink.Integer("index", m.Index);
        sink.Integer("count", m.Count);
        sink.Boolean("applied", m.Applied);
        sink.Boolean("refused", m.Refused);
        sink.String("sha256", m.Sha256);
        sink.Number("weight", (decimal)m.Weight);
        sink.String("path", m.Path);
        sink.Integer("min_voters", m.MinVoters);
        sink.Integer("min_directional_consensus", m.MinDirectionalConsensus);
        return RecordFormatResult.Ok;
    }

    private static RecordFormatResult FormatInstrument(in JournalRecord record, IRecordFieldSink sink)
    {
        if (!InstrumentRecord.TryRead(record.Payload, record.Version, out var i))
        {
            return RecordFormatResult.Malformed;
        }

        Envelope(record, sink);
        sink.String("symbol", i!.Symbol);
        sink.Integer("symbol_id", i.Id);
        sink.String("venue", i.Venue.ToString());
        sink.Number("tick_size", Fixed(i.TickSize.Raw));
        sink.Number("step_size", Fixed(i.StepSize.Raw));
        sink.Number("min_notional", Fixed(i.MinNotional));
        return RecordFormatResult.Ok;
    }
}
