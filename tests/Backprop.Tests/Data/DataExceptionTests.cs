using Backprop.Data;

namespace Backprop.Tests.Data;

public class DataExceptionTests
{
    [Fact]
    public void Message_has_compiler_style_location()
    {
        var e = new DataException("data/iris.csv", 12, 3, "'abc' is not a number (column 'sepal_width')");
        Assert.Equal("data/iris.csv:12:3: 'abc' is not a number (column 'sepal_width')", e.Message);
        Assert.Equal("'abc' is not a number (column 'sepal_width')", e.Detail);
        Assert.Equal(("data/iris.csv", 12, 3), (e.File, e.Line, e.Column));
    }

    [Fact]
    public void Message_leaves_out_unknown_parts()
    {
        Assert.Equal("empty.csv: the file is empty", new DataException("empty.csv", null, null, "the file is empty").Message);
        Assert.Equal("f.csv:4: x", new DataException("f.csv", 4, null, "x").Message);
        Assert.Equal("x", new DataException(null, null, null, "x").Message);
    }
}
