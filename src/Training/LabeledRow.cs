namespace QuantumTrader.Training;

/// <summary>One training example: a feature vector of a closed candle and its label.</summary>
/// <param name="SymbolId">Symbol.</param>
/// <param name="TimeNs">Close time of the candle.</param>
/// <param name="Features">The vector, exactly as the features stage produces it.</param>
/// <param name="ForwardReturn">Log return from this close to the close <c>horizon</c> candles later.</param>
/// <param name="Label">0 = SELL, 1 = HOLD, 2 = BUY.</param>
public sealed record LabeledRow(ushort SymbolId, long TimeNs, float[] Features, double ForwardReturn, int Label);
