namespace QuantumTrader.Model;

/// <summary>Trading venue of an event or instrument. A second venue needs only a parser and an adapter.</summary>
public enum Venue : byte
{
    /// <summary>Not set.</summary>
    None = 0,

    /// <summary>Binance USDⓈ-M perpetual futures.</summary>
    BinanceUsdM = 1,

    /// <summary>The in-process simulated exchange.</summary>
    Simulated = 2,

    /// <summary>The synthetic benchmark source.</summary>
    Synthetic = 3,
}
