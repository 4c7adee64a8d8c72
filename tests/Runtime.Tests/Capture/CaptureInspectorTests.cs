using QuantumTrader.Runtime.Capture;
using System.IO.Compression;
using System.Text;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Testing;

namespace QuantumTrader.Runtime.Tests.Capture;

public sealed class CaptureInspectorTests
{
    private static long Frames(CaptureReport r, string name) => r.Frames.First(f => f.Key == name).Value;

    [Fact]
    public void Inspect_HftBacktestCapture_CountsMatchReadmeAndBookSynced()
    {
        var r = CaptureInspector.Inspect(TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz"));
        Assert.Equal(6551, Frames(r, "depthUpdate"));
        Assert.Equal(21313, Frames(r, "trade"));
        Assert.Equal(66089, Frames(r, "bookTicker"));
        Assert.Equal(1, Frames(r, "snapshot"));
        Assert.Equal(0, r.ParseErrors);
        Assert.True(r.BookSynced);
        Assert.Equal(0, r.BookGaps);
        Assert.Equal(1723161256299L, r.FirstExchangeTimeMs);
        Assert.Equal(1723161601105L, r.LastExchangeTimeMs);
        var book = Assert.Single(r.Books);
        // 6551 diffs, of which the 4 buffered before the snapshot with u < lastUpdateId are dropped.
        Assert.Equal(6547, book.DiffsApplied);
        // The rebuilt book agrees with the last bookTicker of the capture (61659.70 / 61659.80).
        Assert.Equal("61659.7", book.BestBid);
        Assert.Equal("61659.8", book.BestAsk);
    }

    [Fact]
    public void Inspect_CryptofeedCapture_MergesHttpSnapshotsAndSyncsFourBooks()
    {
        var r = CaptureInspector.Inspect(TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0"));
        Assert.Equal(764, Frames(r, "depthUpdate"));
        Assert.Equal(91, Frames(r, "aggTrade"));
        Assert.Equal(613, Frames(r, "bookTicker"));
        Assert.Equal(67, Frames(r, "kline"));
        Assert.Equal(4, Frames(r, "snapshot"));
        Assert.Equal(0, r.ParseErrors);
        Assert.True(r.BookSynced);
        Assert.Equal(4, r.Books.Count);
    }

    [Fact]
    public void Inspect_DepthFrameRemoved_GapDetectedAndBookNotSynced()
    {
        var source = TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0");
        var lines = File.ReadAllLines(source).ToList();
        // Drop the 40th SUSHIUSDT diff (well after its snapshot at 1626992741.30).
        var sushi = lines.Select((l, i) => (l, i)).Where(x => x.l.Contains("\"sushiusdt@depth@100ms\"", StringComparison.Ordinal)).ToList();
        lines.RemoveAt(sushi[40].i);
        var dir = Directory.CreateTempSubdirectory("qt-capture-");
        try
        {
            File.WriteAllLines(Path.Combine(dir.FullName, "BINANCE_FUTURES.ws.1.0"), lines);
            File.Copy(
                TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.http.0.0"),
                Path.Combine(dir.FullName, "BINANCE_FUTURES.http.0.0"));
            var r = CaptureInspector.Inspect(Path.Combine(dir.FullName, "BINANCE_FUTURES.ws.1.0"));
            Assert.Equal(763, Frames(r, "depthUpdate"));
            Assert.Equal(1, r.BookGaps);
            Assert.False(r.BookSynced);
            Assert.False(r.Books.First(b => b.Symbol == "SUSHIUSDT").Synced);
            Assert.True(r.Books.First(b => b.Symbol == "CTKUSDT").Synced);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Inspect_GapThenLaterSnapshot_ResyncCounted()
    {
        // hftbacktest format, gzip: snapshot, chained diffs, a gap, a new snapshot, chained diffs.
        var lines = new[]
        {
            """1 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1000,"T":1000,"s":"BTCUSDT","U":95,"u":101,"pu":90,"b":[["100.0","1"]],"a":[["101.0","1"]]}}""",
            """2 {"lastUpdateId":100,"E":1001,"T":1001,"bids":[["99.0","1"]],"asks":[["102.0","1"]]}""",
            """3 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1002,"T":1002,"s":"BTCUSDT","U":102,"u":103,"pu":101,"b":[],"a":[]}}""",
            """4 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1003,"T":1003,"s":"BTCUSDT","U":110,"u":111,"pu":109,"b":[],"a":[]}}""",
            """5 {"lastUpdateId":110,"E":1004,"T":1004,"bids":[["99.0","1"]],"asks":[["102.0","1"]]}""",
            """6 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1005,"T":1005,"s":"BTCUSDT","U":112,"u":113,"pu":111,"b":[],"a":[]}}""",
            """7 garbage line""",
            """8 {"stream":"btcusdt@trade","data":{"e":"trade","E":1006,"T":1006,"s":"BTCUSDT","t":1,"p":"100.5","q":"-1","X":"MARKET","m":true}}""",
        };
        var path = Path.Combine(Path.GetTempPath(), $"qt-capture-{Guid.NewGuid():N}.gz");
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            {
                gz.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
            }

            var r = CaptureInspector.Inspect(path);
            Assert.Equal(4, Frames(r, "depthUpdate"));
            Assert.Equal(2, Frames(r, "snapshot"));
            Assert.Equal(1, r.BookGaps);
            Assert.Equal(1, r.Resyncs);
            Assert.True(r.BookSynced);
            Assert.Equal(2, r.ParseErrors); // the garbage line and the negative quantity
            Assert.Equal(1000, r.FirstExchangeTimeMs);
            Assert.Equal(1005, r.LastExchangeTimeMs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_NotACapture_InvalidData()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "hello world\n");
            Assert.Throws<InvalidDataException>(() => CaptureFormat.Open(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(100)]       // inside the first 4 KiB of data: detected while the format is probed
    [InlineData(1_000_000)] // in the middle of the deflate stream
    [InlineData(-4)]        // only the size trailer is missing its last bytes
    public void Inspect_GzipCutShort_ReportedTruncatedWithWhatWasRead(int keep)
    {
        var bytes = File.ReadAllBytes(TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz"));
        var path = Path.Combine(Path.GetTempPath(), $"qt-truncated-{Guid.NewGuid():N}.gz");
        File.WriteAllBytes(path, bytes[..(keep > 0 ? keep : bytes.Length + keep)]);
        try
        {
            var r = CaptureInspector.Inspect(path);
            Assert.NotNull(r.Truncation);
            Assert.Contains("truncated", r.Truncation, StringComparison.Ordinal);
            Assert.Equal(0, r.ParseErrors); // the cut line is not a bad frame
            if (keep == 1_000_000)
            {
                Assert.True(Frames(r, "trade") > 0);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Inspect_WholeGzip_NotTruncated()
        => Assert.Null(CaptureInspector.Inspect(TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz")).Truncation);
}
