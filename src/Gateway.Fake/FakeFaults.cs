namespace QuantumTrader.Gateway.Fake;

/// <summary>
/// Faults the fake Binance server injects on demand. Each counter is the number of upcoming requests (or
/// frames) the fault applies to; it is decremented atomically as faults fire, so tests can arm exactly one.
/// </summary>
/// <remarks>Thread-safe: tests arm faults while Kestrel threads consume them.</remarks>
public sealed class FakeFaults
{
    private int _unknownAfterPlace;
    private int _unknownNotPlaced;
    private int _serviceUnavailable;
    private int _tooManyRequests;
    private int _banned;
    private int _timestamp;
    private int _dropConnection;
    private int _dropWebSocket;
    private int _depthGap;
    private int _malformedFrame;
    private int _listenKeyExpiry;
    private long _stallUntilMs;
    private long _stalledFrames;

    /// <summary>Seconds sent in <c>Retry-After</c> with 429 and 418 (-1: no header).</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Delay added to every REST response (ms).</summary>
    public int SlowResponseMs { get; set; }

    /// <summary>Next N new orders are placed, then answered 503 "Unknown error…" (outcome unknown, order exists).</summary>
    public void ArmUnknownAfterPlace(int n = 1) => Interlocked.Add(ref _unknownAfterPlace, n);

    /// <summary>Next N new orders are NOT placed and answered 503 "Unknown error…".</summary>
    public void ArmUnknownNotPlaced(int n = 1) => Interlocked.Add(ref _unknownNotPlaced, n);

    /// <summary>Next N signed requests get 503 "Service Unavailable." (certain failure).</summary>
    public void ArmServiceUnavailable(int n = 1) => Interlocked.Add(ref _serviceUnavailable, n);

    /// <summary>Next N requests get 429 -1003 with Retry-After.</summary>
    public void ArmTooManyRequests(int n = 1) => Interlocked.Add(ref _tooManyRequests, n);

    /// <summary>Next N requests get 418 (IP banned) with Retry-After.</summary>
    public void ArmBanned(int n = 1) => Interlocked.Add(ref _banned, n);

    /// <summary>Next N signed requests get 400 -1021 (timestamp outside recvWindow).</summary>
    public void ArmTimestampError(int n = 1) => Interlocked.Add(ref _timestamp, n);

    /// <summary>Next N requests have their connection aborted without a response (after an order is placed).</summary>
    public void ArmDropConnection(int n = 1) => Interlocked.Add(ref _dropConnection, n);

    /// <summary>Next N market WebSocket sends close the socket instead.</summary>
    public void ArmDropWebSocket(int n = 1) => Interlocked.Add(ref _dropWebSocket, n);

    /// <summary>Next N depth frames are skipped (a <c>pu</c> gap for the client).</summary>
    public void ArmDepthGap(int n = 1) => Interlocked.Add(ref _depthGap, n);

    /// <summary>Next N market frames are sent truncated (malformed JSON).</summary>
    public void ArmMalformedFrame(int n = 1) => Interlocked.Add(ref _malformedFrame, n);

    /// <summary>Next N user-stream pushes are preceded by <c>listenKeyExpired</c> and the key is dropped.</summary>
    public void ArmListenKeyExpiry(int n = 1) => Interlocked.Add(ref _listenKeyExpiry, n);

    /// <summary>Market-data stall: for <paramref name="duration"/> from now no market frame is sent to any client (the
    /// frames are lost, as when the venue's stream stalls); the sockets stay open and REST keeps answering.</summary>
    public void ArmStall(TimeSpan duration) => Interlocked.Exchange(ref _stallUntilMs, Environment.TickCount64 + (long)duration.TotalMilliseconds);

    /// <summary>Market frames not sent because of a stall.</summary>
    public long StalledFrames => Interlocked.Read(ref _stalledFrames);

    /// <summary>True (and the frame counted as lost) while a stall armed by <see cref="ArmStall"/> lasts.</summary>
    internal bool TakeStall()
    {
        if (Environment.TickCount64 >= Interlocked.Read(ref _stallUntilMs))
        {
            return false;
        }

        Interlocked.Increment(ref _stalledFrames);
        return true;
    }

    internal bool TakeUnknownAfterPlace() => Take(ref _unknownAfterPlace);

    internal bool TakeUnknownNotPlaced() => Take(ref _unknownNotPlaced);

    internal bool TakeServiceUnavailable() => Take(ref _serviceUnavailable);

    internal bool TakeTooManyRequests() => Take(ref _tooManyRequests);

    internal bool TakeBanned() => Take(ref _banned);

    internal bool TakeTimestamp() => Take(ref _timestamp);

    internal bool TakeDropConnection() => Take(ref _dropConnection);

    internal bool TakeDropWebSocket() => Take(ref _dropWebSocket);

    internal bool TakeDepthGap() => Take(ref _depthGap);

    internal bool TakeMalformedFrame() => Take(ref _malformedFrame);

    internal bool TakeListenKeyExpiry() => Take(ref _listenKeyExpiry);

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
