using QuantumTrader.Gateway.Binance.MarketData;

namespace QuantumTrader.Gateway.Tests.Binance.MarketData;

public sealed class BookSideTests
{
    [Fact]
    public void Set_BidsInAnyOrder_SortedBestFirst()
    {
        var bids = new BookSide(descending: true, initialCapacity: 2);
        bids.Set(100, 1);
        bids.Set(300, 3);
        bids.Set(200, 2);
        Assert.Equal(3, bids.Count);
        Assert.Equal(300, bids.BestPrice);
        Assert.Equal(200, bids.PriceAt(1));
        Assert.Equal(100, bids.PriceAt(2));
    }

    [Fact]
    public void Set_ZeroQuantity_RemovesLevelAndMissingRemovalIgnored()
    {
        var asks = new BookSide(descending: false);
        asks.Set(100, 1);
        asks.Set(200, 2);
        asks.Set(100, 0);
        asks.Set(150, 0);
        Assert.Equal(1, asks.Count);
        Assert.Equal(200, asks.BestPrice);
        Assert.Equal(2, asks.BestQuantity);
    }

    [Fact]
    public void Set_Full_DropsWorstLevelAndCounts()
    {
        var asks = new BookSide(descending: false, initialCapacity: 2, maxLevels: 2);
        asks.Set(100, 1);
        asks.Set(200, 1);
        asks.Set(300, 1);
        asks.Set(50, 1);
        Assert.Equal(2, asks.Count);
        Assert.Equal(50, asks.PriceAt(0));
        Assert.Equal(100, asks.PriceAt(1));
        Assert.Equal(2, asks.Dropped);
    }
}
