namespace QuantumTrader.Stages.Features;

/// <summary>One closed OHLCV candle built from trades (prices and volumes as doubles: features only).</summary>
/// <param name="OpenTimeNs">Start of the interval, ns since the Unix epoch.</param>
/// <param name="CloseTimeNs">End of the interval (exclusive), ns since the Unix epoch.</param>
/// <param name="Open">First trade price.</param>
/// <param name="High">Highest trade price.</param>
/// <param name="Low">Lowest trade price.</param>
/// <param name="Close">Last trade price.</param>
/// <param name="Volume">Traded base quantity.</param>
/// <param name="TakerBuyVolume">Base quantity of trades whose aggressor bought (buyer not maker).</param>
/// <param name="Trades">Number of trades (0 for a gap-filled candle).</param>
public readonly record struct Candle(
    long OpenTimeNs,
    long CloseTimeNs,
    double Open,
    double High,
    double Low,
    double Close,
    double Volume,
    double TakerBuyVolume,
    int Trades);
