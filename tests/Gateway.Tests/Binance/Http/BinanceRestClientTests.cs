using QuantumTrader.Gateway.Binance.Http;

namespace QuantumTrader.Gateway.Tests.Binance.Http;

public sealed class BinanceRestClientTests
{
    [Theory]
    [InlineData(200, 0, "", RestOutcome.Ok)]
    [InlineData(400, -4164, "Order's notional must be no smaller than 5.0", RestOutcome.Rejected)]
    [InlineData(503, -1000, "Unknown error, please check your request or try again later.", RestOutcome.Unknown)]
    [InlineData(503, 0, "Service Unavailable.", RestOutcome.Unavailable)]
    [InlineData(400, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", RestOutcome.Unknown)]
    [InlineData(500, -1006, "An unexpected response was received from the message bus. Execution status unknown.", RestOutcome.Unknown)]
    [InlineData(400, -1008, "Request throttled by system-level protection.", RestOutcome.Unavailable)]
    [InlineData(500, -1001, "Internal error; unable to process your request. Please try again.", RestOutcome.Unavailable)]
    [InlineData(429, -1003, "Too many requests", RestOutcome.Throttled)]
    [InlineData(418, -1003, "Way too many requests; IP banned", RestOutcome.Throttled)]
    [InlineData(408, 0, "", RestOutcome.Unknown)]
    [InlineData(502, 0, "", RestOutcome.Unknown)]
    public void Classify_Response_MatchesProtocolTable(int status, int code, string message, RestOutcome expected)
        => Assert.Equal(expected, BinanceRestClient.Classify(status, code, message));
}
