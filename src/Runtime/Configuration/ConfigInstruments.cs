using QuantumTrader.Model;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>Builds the engine's <see cref="InstrumentRegistry"/> from a validated [market] section.</summary>
public static class ConfigInstruments
{
    /// <summary>
    /// Registers every [[market.instruments]] entry, in file order (ids 0, 1, ...), on <paramref name="venue"/>.
    /// The section must come from a successful <see cref="ConfigLoader"/> load: sizes are exact decimals.
    /// </summary>
    public static InstrumentRegistry BuildRegistry(MarketSection market, Venue venue)
    {
        ArgumentNullException.ThrowIfNull(market);
        var registry = new InstrumentRegistry();
        foreach (var instrument in market.Instruments)
        {
            registry.Add(
                venue,
                instrument.Symbol,
                new Price(ParseOrThrow(instrument.TickSize, "tick_size", instrument.Symbol)),
                new Quantity(ParseOrThrow(instrument.StepSize, "step_size", instrument.Symbol)),
                ParseOrThrow(instrument.MinNotional, "min_notional", instrument.Symbol));
        }

        return registry;
    }

    private static long ParseOrThrow(string text, string key, string symbol)
    {
        if (!DecimalCodec.TryParseFixed(text, out var raw, out var error))
        {
            throw new ArgumentException($"instrument {symbol}: {key} {error}");
        }

        return raw;
    }
}
