using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>What a request is, for the local rate limit: new orders may not eat the headroom kept for cancels and outcome queries.</summary>
public enum RequestClass : byte
{
    /// <summary>A new order (counts on the order limits, not on IP weight).</summary>
    NewOrder = 0,

    /// <summary>Cancels and queries that resolve an unknown outcome: may use the reserved headroom.</summary>
    Critical = 1,

    /// <summary>Everything else (snapshots, account, exchangeInfo).</summary>
    Other = 2,
}

/// <summary>
/// Local enforcement of Binance's USDⓈ-M limits: IP weight per minute and orders per 10 s and per minute,
/// kept from the <c>X-MBX-USED-WEIGHT-1M</c> / <c>X-MBX-ORDER-COUNT-10S</c> / <c>X-MBX-ORDER-COUNT-1M</c>
/// headers (authoritative) plus our own count of what we sent since; a fraction of every limit is reserved
/// for cancels and outcome queries; 429 and 418 (with <c>Retry-After</c> when given) stop everything until
/// the ban ends.
/// </summary>
/// <remarks>Owned by the order I/O thread: not thread-safe. Windows align on the epoch clock (fixed windows, as Binance counts).</remarks>
public sealed class RateLimiter
{
    private const long MinuteNs = 60_000_000_000L;
    private const long TenSecondsNs = 10_000_000_000L;

    private readonly int _weightLimit;
    private readonly int _orders10sLimit;
    private readonly int _orders1mLimit;
    private readonly double _reserve;
    private long _minuteWindow = -1;
    private long _tenSecondWindow = -1;
    private int _weight;
    private int _orders10s;
    private int _orders1m;
    private long _bannedUntilNs;
    private long _backoffNs;

    /// <summary>Creates a limiter.</summary>
    /// <param name="weightPerMinute">REQUEST_WEIGHT limit per minute.</param>
    /// <param name="ordersPer10Seconds">ORDERS limit per 10 s.</param>
    /// <param name="ordersPerMinute">ORDERS limit per minute.</param>
    /// <param name="reserveFraction">Share of each limit that only <see cref="RequestClass.Critical"/> requests may use.</param>
    public RateLimiter(int weightPerMinute = 2400, int ordersPer10Seconds = 300, int ordersPerMinute = 1200, double reserveFraction = 0.1)
    {
        _weightLimit = weightPerMinute;
        _orders10sLimit = ordersPer10Seconds;
        _orders1mLimit = ordersPerMinute;
        _reserve = reserveFraction;
    }

    /// <summary>IP weight used in the current minute, as far as we know.</summary>
    public int UsedWeight => _weight;

    /// <summary>Orders in the current 10 s window.</summary>
    public int Orders10s => _orders10s;

    /// <summary>Orders in the current minute.</summary>
    public int Orders1m => _orders1m;

    /// <summary>End of the current ban or back-off (epoch ns), 0 when none.</summary>
    public long BannedUntilNs => _bannedUntilNs;

    /// <summary>Takes room for a request; false (with the reason) when the request must not be sent now.</summary>
    public bool TryAcquire(RequestClass cls, int weight, long nowNs, out OrderRejectReason reason)
    {
        Roll(nowNs);
        if (nowNs < _bannedUntilNs)
        {
            reason = OrderRejectReason.Banned;
            return false;
        }

        var share = cls == RequestClass.Critical ? 1.0 : 1.0 - _reserve;
        if (_weight + weight > (int)(_weightLimit * share))
        {
            reason = OrderRejectReason.RateLimited;
            return false;
        }

        if (cls == RequestClass.NewOrder
            && (_orders10s + 1 > (int)(_orders10sLimit * share) || _orders1m + 1 > (int)(_orders1mLimit * share)))
        {
            reason = OrderRejectReason.RateLimited;
            return false;
        }

        _weight += weight;
        if (cls == RequestClass.NewOrder)
        {
            _orders10s++;
            _orders1m++;
        }

        reason = OrderRejectReason.None;
        return true;
    }

    /// <summary>Takes the venue's counts from a response's headers (any may be absent: -1).</summary>
    public void OnHeaders(int usedWeight1m, int orderCount10s, int orderCount1m, long nowNs)
    {
        Roll(nowNs);
        if (usedWeight1m >= 0)
        {
            _weight = usedWeight1m;
        }

        if (orderCount10s >= 0)
        {
            _orders10s = orderCount10s;
        }

        if (orderCount1m >= 0)
        {
            _orders1m = orderCount1m;
        }
    }

    /// <summary>Honours a 429 (too many requests) or 418 (IP ban): nothing is sent until the ban ends.
    /// <paramref name="retryAfterSeconds"/> (from the header, -1 when absent) wins over our own back-off.</summary>
    public void OnThrottled(int httpStatus, int retryAfterSeconds, long nowNs)
    {
        long wait;
        if (retryAfterSeconds >= 0)
        {
            wait = retryAfterSeconds * 1_000_000_000L;
        }
        else if (httpStatus == 418)
        {
            wait = 120_000_000_000L; // bans last at least 2 minutes
        }
        else
        {
            _backoffNs = _backoffNs == 0 ? 1_000_000_000L : Math.Min(_backoffNs * 2, 60_000_000_000L);
            wait = _backoffNs;
        }

        _bannedUntilNs = Math.Max(_bannedUntilNs, nowNs + wait);
    }

    /// <summary>A request succeeded: the exponential back-off for unannounced 429s starts over.</summary>
    public void OnSuccess() => _backoffNs = 0;

    private void Roll(long nowNs)
    {
        var minute = nowNs / MinuteNs;
        if (minute != _minuteWindow)
        {
            _minuteWindow = minute;
            _weight = 0;
            _orders1m = 0;
        }

        var ten = nowNs / TenSecondsNs;
        if (ten != _tenSecondWindow)
        {
            _tenSecondWindow = ten;
            _orders10s = 0;
        }
    }
}
