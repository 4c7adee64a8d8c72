using QuantumTrader.Gateway.Binance.Common;

namespace QuantumTrader.Gateway.Fake;

/// <summary>A symbol the fake server trades: its exchangeInfo filters and the book it fills market orders against.</summary>
/// <param name="Filters">exchangeInfo filters (served and enforced).</param>
/// <param name="MarkPrice">Mark price (raw) for MIN_NOTIONAL of market orders and PERCENT_PRICE.</param>
/// <param name="BestBid">Best bid (raw); the book has <paramref name="Levels"/> levels one tick apart below it.</param>
/// <param name="BestAsk">Best ask (raw); levels one tick apart above it.</param>
/// <param name="QuantityPerLevel">Quantity (raw) at each level.</param>
/// <param name="Levels">Levels per side.</param>
public sealed record FakeSymbol(SymbolFilters Filters, long MarkPrice, long BestBid, long BestAsk, long QuantityPerLevel, int Levels = 20);
