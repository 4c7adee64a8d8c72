using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Tests.Binance.Http;

public sealed class RateLimiterTests
{
    private const long T0 = 1_700_000_000_000_000_000L - (1_700_000_000_000_000_000L % 60_000_000_000L);

    [Fact]
    public void TryAcquire_NewOrdersAtReserve_CancelsStillAllowed()
    {
        var limiter = new RateLimiter(weightPerMinute: 2400, ordersPer10Seconds: 10, ordersPerMinute: 1200, reserveFraction: 0.2);
        var accepted = 0;
        while (limiter.TryAcquire(RequestClass.NewOrder, 0, T0, out _))
        {
            accepted++;
        }

        Assert.Equal(8, accepted); // 80% of 10
        Assert.False(limiter.TryAcquire(RequestClass.NewOrder, 0, T0, out var reason));
        Assert.Equal(OrderRejectReason.RateLimited, reason);
        Assert.True(limiter.TryAcquire(RequestClass.Critical, 1, T0, out _));
    }

    [Fact]
    public void TryAcquire_WeightFromHeaderNearLimit_OnlyCriticalPasses()
    {
        var limiter = new RateLimiter(reserveFraction: 0.1);
        limiter.OnHeaders(2200, -1, -1, T0);
        Assert.False(limiter.TryAcquire(RequestClass.Other, 5, T0, out _));
        Assert.True(limiter.TryAcquire(RequestClass.Critical, 1, T0, out _));
        Assert.Equal(2201, limiter.UsedWeight);
    }

    [Fact]
    public void TryAcquire_NextMinute_WindowResets()
    {
        var limiter = new RateLimiter();
        limiter.OnHeaders(2399, 299, 1199, T0);
        Assert.False(limiter.TryAcquire(RequestClass.Other, 5, T0, out _));
        Assert.True(limiter.TryAcquire(RequestClass.Other, 5, T0 + 60_000_000_000L, out _));
        Assert.Equal(5, limiter.UsedWeight);
    }

    [Fact]
    public void OnThrottled_RetryAfter_BlocksEverythingUntilItEnds()
    {
        var limiter = new RateLimiter();
        limiter.OnThrottled(429, 3, T0);
        Assert.False(limiter.TryAcquire(RequestClass.Critical, 1, T0 + 2_999_000_000L, out var reason));
        Assert.Equal(OrderRejectReason.Banned, reason);
        Assert.True(limiter.TryAcquire(RequestClass.Critical, 1, T0 + 3_000_000_000L, out _));
    }

    [Fact]
    public void OnThrottled_418WithoutRetryAfter_AtLeastTwoMinutes()
    {
        var limiter = new RateLimiter();
        limiter.OnThrottled(418, -1, T0);
        Assert.Equal(T0 + 120_000_000_000L, limiter.BannedUntilNs);
    }

    [Fact]
    public void OnThrottled_Repeated429WithoutHeader_BackoffDoubles()
    {
        var limiter = new RateLimiter();
        limiter.OnThrottled(429, -1, T0);
        Assert.Equal(T0 + 1_000_000_000L, limiter.BannedUntilNs);
        limiter.OnThrottled(429, -1, T0 + 1_000_000_000L);
        Assert.Equal(T0 + 3_000_000_000L, limiter.BannedUntilNs);
    }
}
