namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>
/// One side of a local order book: price levels kept sorted best-first in two parallel arrays (raw fixed
/// point), updated by binary search and block moves. Capacity is bounded: beyond it the worst level is
/// dropped, so a runaway stream cannot grow memory without limit.
/// </summary>
/// <remarks>Not thread-safe: owned by the market-data I/O thread. No allocation after the arrays reach
/// their working size; by default the arrays are allocated at their bound (5000 levels, 80 KB per side) so a
/// long session never grows them on the I/O thread. Far levels that Binance stops updating accumulate until
/// the bound, then the worst are dropped: they never affect the top of the book.</remarks>
public sealed class BookSide
{
    private readonly bool _descending;
    private readonly int _maxLevels;
    private long[] _prices;
    private long[] _quantities;
    private int _count;

    /// <summary>Creates a side; bids are descending (best = highest), asks ascending.</summary>
    public BookSide(bool descending, int initialCapacity = 5000, int maxLevels = 5000)
    {
        _descending = descending;
        _maxLevels = maxLevels;
        _prices = new long[initialCapacity];
        _quantities = new long[initialCapacity];
    }

    /// <summary>Number of levels.</summary>
    public int Count => _count;

    /// <summary>Levels dropped because the side was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Best price (raw), 0 when empty.</summary>
    public long BestPrice => _count > 0 ? _prices[0] : 0;

    /// <summary>Quantity at the best price (raw), 0 when empty.</summary>
    public long BestQuantity => _count > 0 ? _quantities[0] : 0;

    /// <summary>Price of level <paramref name="index"/> (0 = best).</summary>
    public long PriceAt(int index) => _prices[index];

    /// <summary>Quantity of level <paramref name="index"/> (0 = best).</summary>
    public long QuantityAt(int index) => _quantities[index];

    /// <summary>Removes every level.</summary>
    public void Clear() => _count = 0;

    /// <summary>Sets the absolute quantity at <paramref name="price"/>; 0 removes the level (removing a
    /// level that is not there is normal and ignored).</summary>
    public void Set(long price, long quantity)
    {
        var index = Find(price);
        if (index >= 0)
        {
            if (quantity == 0)
            {
                Array.Copy(_prices, index + 1, _prices, index, _count - index - 1);
                Array.Copy(_quantities, index + 1, _quantities, index, _count - index - 1);
                _count--;
            }
            else
            {
                _quantities[index] = quantity;
            }

            return;
        }

        if (quantity == 0)
        {
            return;
        }

        var insert = ~index;
        if (_count == _maxLevels)
        {
            Dropped++;
            if (insert == _count)
            {
                return; // worse than every level we keep
            }

            _count--; // drop the worst level to make room
        }
        else if (_count == _prices.Length)
        {
            var size = Math.Min(_prices.Length * 2, _maxLevels);
            Array.Resize(ref _prices, size);
            Array.Resize(ref _quantities, size);
        }

        Array.Copy(_prices, insert, _prices, insert + 1, _count - insert);
        Array.Copy(_quantities, insert, _quantities, insert + 1, _count - insert);
        _prices[insert] = price;
        _quantities[insert] = quantity;
        _count++;
    }

    /// <summary>Total quantity at prices at least as good as <paramref name="limitPrice"/>.</summary>
    public long QuantityUpTo(long limitPrice)
    {
        long sum = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_descending ? _prices[i] < limitPrice : _prices[i] > limitPrice)
            {
                break;
            }

            sum += _quantities[i];
        }

        return sum;
    }

    private int Find(long price)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var p = _prices[mid];
            if (p == price)
            {
                return mid;
            }

            // Descending: larger prices come first.
            if (_descending ? p > price : p < price)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
