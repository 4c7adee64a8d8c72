namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>A REST response (or transport failure), classified.</summary>
/// <param name="Outcome">Classification.</param>
/// <param name="Status">HTTP status, 0 on transport failure.</param>
/// <param name="Code">Binance error code from the body, 0 when none.</param>
/// <param name="Message">Binance error message or transport error text, empty when none.</param>
/// <param name="Body">Raw body bytes (empty on transport failure).</param>
public sealed record RestResponse(RestOutcome Outcome, int Status, int Code, string Message, byte[] Body);
