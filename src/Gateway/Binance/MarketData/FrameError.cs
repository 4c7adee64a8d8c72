namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>Why a frame was rejected. Every rejection is counted per reason by the parser.</summary>
public enum FrameError : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Not valid JSON, or not a JSON object.</summary>
    MalformedJson = 1,

    /// <summary>A required field is missing or has the wrong JSON type.</summary>
    MissingField = 2,

    /// <summary>A number or decimal string is malformed, out of range, or has too much precision.</summary>
    BadNumber = 3,

    /// <summary>A price, quantity or size that must be positive is zero or negative.</summary>
    NonPositive = 4,

    /// <summary>The symbol is not registered.</summary>
    UnknownSymbol = 5,

    /// <summary>More depth levels than the parser's configured maximum.</summary>
    TooManyLevels = 6,

    /// <summary>The venue sent an error payload (<c>{"code":…,"msg":…}</c>).</summary>
    VenueError = 7,

    /// <summary>Inconsistent content (e.g. depth <c>U</c> &gt; <c>u</c>, crossed bookTicker).</summary>
    Inconsistent = 8,
}
