using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using Xunit;

namespace QuantumTrader.Model.Tests;

public sealed class EnumNamesTests
{
    [Theory]
    [InlineData(OrderPurpose.BreakEvenStop, "break_even_stop")]
    [InlineData(OrderPurpose.EndOfData, "end_of_data")]
    [InlineData(OrderPurpose.Entry, "entry")]
    [InlineData((OrderPurpose)200, "unknown")]
    public void Of_PurposeValues_SnakeCaseOrUnknown(OrderPurpose purpose, string expected) =>
        Assert.Equal(expected, EnumNames<OrderPurpose>.Of(purpose));

    [Fact]
    public void Of_UshortEnum_Named()
        => Assert.Equal("held_by_halt", EnumNames<OrderRejectReason>.Of(OrderRejectReason.HeldByHalt));
}
