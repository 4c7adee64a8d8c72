namespace QuantumTrader.Model;

/// <summary>
/// The instruments the engine trades, indexed by a dense <see cref="ushort"/> id. Built at start-up,
/// read-only afterwards (safe to read from any thread once built).
/// </summary>
public sealed class InstrumentRegistry
{
    private readonly List<Instrument> _byId = new();
    private readonly Dictionary<string, Instrument> _bySymbol = new(StringComparer.Ordinal);

    /// <summary>Number of instruments.</summary>
    public int Count => _byId.Count;

    /// <summary>Adds an instrument and returns it with its id assigned.</summary>
    public Instrument Add(Venue venue, string symbol, Price tickSize, Quantity stepSize, long minNotional)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        if (tickSize.Raw <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tickSize), "tick size must be positive");
        }

        if (stepSize.Raw <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), "step size must be positive");
        }

        if (_bySymbol.ContainsKey(symbol))
        {
            throw new ArgumentException($"instrument {symbol} is already registered", nameof(symbol));
        }

        var instrument = new Instrument((ushort)_byId.Count, venue, symbol, tickSize, stepSize, minNotional);
        _byId.Add(instrument);
        _bySymbol.Add(symbol, instrument);
        return instrument;
    }

    /// <summary>The instrument with id <paramref name="id"/>.</summary>
    public Instrument this[ushort id] => _byId[id];

    /// <summary>Looks an instrument up by venue symbol (case-sensitive, upper case as Binance sends it).</summary>
    public bool TryGet(string symbol, out Instrument instrument) => _bySymbol.TryGetValue(symbol, out instrument!);

    /// <summary>Looks an instrument up by the UTF-8 bytes of its symbol without allocating.</summary>
    public bool TryGet(ReadOnlySpan<byte> utf8Symbol, out Instrument instrument)
    {
        for (var i = 0; i < _byId.Count; i++)
        {
            var candidate = _byId[i];
            if (Utf8Equals(candidate.Symbol, utf8Symbol))
            {
                instrument = candidate;
                return true;
            }
        }

        instrument = null!;
        return false;
    }

    private static bool Utf8Equals(string ascii, ReadOnlySpan<byte> utf8)
    {
        if (ascii.Length != utf8.Length)
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            if (ascii[i] != utf8[i])
            {
                return false;
            }
        }

        return true;
    }
}
