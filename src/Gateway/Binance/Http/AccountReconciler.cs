using System.Text.Json;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>
/// Turns the REST position snapshot (<c>GET /fapi/v3/positionRisk</c>) into input events for the core's
/// reconciliation: one <see cref="AccountUpdateCode.Position"/> event per registered symbol, flat (0) for
/// symbols the venue does not list (v3 omits flat positions). Run at start-up and after every user-stream
/// reconnect (events missed while disconnected are not replayed).
/// </summary>
/// <remarks>Uses its caller's REST client from the caller's task; allocation is fine here (rare, off the hot path).</remarks>
public sealed class AccountReconciler
{
    private readonly BinanceRestClient _rest;
    private readonly InstrumentRegistry _instruments;
    private readonly IInputSink _sink;
    private readonly IClock _clock;

    /// <summary>Creates a reconciler.</summary>
    public AccountReconciler(BinanceRestClient rest, InstrumentRegistry instruments, IInputSink sink, IClock clock)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Fetches the positions and publishes them. False (nothing published) when the venue did not
    /// answer with a usable snapshot: the core must then stay in REDUCING.</summary>
    public async Task<bool> ReconcilePositionsAsync(CancellationToken ct = default)
    {
        var response = await _rest.GetPositionsAsync(ct).ConfigureAwait(false);
        if (response.Outcome != RestOutcome.Ok)
        {
            return false;
        }

        var amounts = new long[_instruments.Count];
        var entries = new long[_instruments.Count];
        var pnl = new long[_instruments.Count];
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var row in doc.RootElement.EnumerateArray())
            {
                if (!_instruments.TryGet(row.GetProperty("symbol").GetString() ?? string.Empty, out var instrument))
                {
                    continue; // a position in a symbol we do not trade: not ours to manage
                }

                if (!TryFixed(row, "positionAmt", out var amount))
                {
                    return false; // fail closed: a row we cannot read makes the snapshot unusable
                }

                amounts[instrument.Id] += amount;
                TryFixed(row, "entryPrice", out entries[instrument.Id]);
                TryFixed(row, "unRealizedProfit", out pnl[instrument.Id]);
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }

        var now = _clock.NowNanos;
        for (ushort id = 0; id < amounts.Length; id++)
        {
            var evt = default(InputEvent);
            evt.Kind = InputKind.AccountUpdate;
            evt.Venue = Venue.BinanceUsdM;
            evt.SymbolId = id;
            evt.Code = (ushort)AccountUpdateCode.Position;
            evt.ReceiveTimeNs = now;
            evt.Price = new Price(entries[id]);
            evt.Aux0 = amounts[id];
            evt.Aux1 = pnl[id];
            _sink.Publish(in evt);
        }

        return true;
    }

    private static bool TryFixed(JsonElement row, string name, out long raw)
    {
        raw = 0;
        return row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && DecimalCodec.TryParseFixed(v.GetString() ?? string.Empty, out raw, allowNegative: true);
    }
}
