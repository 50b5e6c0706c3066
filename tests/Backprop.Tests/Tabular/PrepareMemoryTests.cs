using System.Globalization;
using System.Text;
using Backprop.Data;
using Backprop.Tabular;

namespace Backprop.Tests.Tabular;

/// <summary>
/// Issue 12, point 4: a fit encodes the table straight into the network's float parts, a block of rows at a time, and
/// scores a block at a time, so it never holds a double matrix of the table (the largest allocation of a fit used to be
/// one, 152 MB on the 1,000,000 x 20 benchmark file). Memory is measured as bytes allocated on this thread, not time.
/// </summary>
public class PrepareMemoryTests
{
    private const int Rows = 20_000;
    private const int Features = 40;

    // Seeded numbers with five decimals, as the loading benchmark writes them; label 1 when the first two sum above 0.
    private static CsvTable NumericTable(int rows)
    {
        var rng = new Random(5);
        var text = new StringBuilder();
        for (int j = 0; j < Features; j++)
            text.Append('x').Append(j).Append(',');
        text.Append("label\n");
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int j = 0; j < Features; j++)
            {
                double v = rng.NextDouble() * 4 - 2;
                if (j < 2)
                    sum += v;
                text.Append(v.ToString("F5", CultureInfo.InvariantCulture)).Append(',');
            }
            text.Append(sum > 0 ? '1' : '0').Append('\n');
        }
        return CsvReader.Parse(new StringReader(text.ToString()), "memory.csv");
    }

    [Fact]
    public void Prepare_and_scoring_never_allocate_a_double_matrix_of_the_table()
    {
        // Warm, with full blocks of rows: the first fit in a process also allocates for loading types and compiling code.
        Measure(2000);
        (_, long scoredHalf) = Measure(Rows / 2);
        (long prepared, long scored) = Measure(Rows);
        long doubleMatrix = (long)Rows * Features * sizeof(double);   // 6.4 MB

        // The float parts (half a double matrix), labels, splits and index arrays (about 110 bytes per row here), one
        // block of encoded rows: with a double matrix besides, as it used to be, this would be 6.4 MB more.
        long floatParts = (long)Rows * Features * sizeof(float);
        Assert.True(prepared < floatParts + 150L * Rows + (2 << 20),
            $"Prepare allocated {prepared:N0} bytes; the float parts are {floatParts:N0}, a double matrix {doubleMatrix:N0}");

        // Scoring's buffers (a block of rows, the network's) do not grow with the rows; per row only a class index and
        // outputs. Encoding the training part as one matrix, as it used to, grew by 240 bytes per row.
        long perRow = (scored - scoredHalf) / (Rows / 2 * 3 / 4);
        Assert.True(perRow < 60, $"scoring allocated {perRow} bytes more per training row ({scoredHalf:N0} for {Rows / 2} rows, {scored:N0} for {Rows})");
    }

    // Bytes allocated on this thread by Prepare, and by scoring the training part (three quarters of the rows).
    private static (long Prepared, long Scored) Measure(int rows)
    {
        CsvTable table = NumericTable(rows);
        long start = GC.GetAllocatedBytesForCurrentThread();
        TabularRun<float> run = TabularModel.Prepare<float>(table, "label");
        long prepared = GC.GetAllocatedBytesForCurrentThread() - start;
        start = GC.GetAllocatedBytesForCurrentThread();
        double loss = run.TrainingPartLoss();
        long scored = GC.GetAllocatedBytesForCurrentThread() - start;
        Assert.True(double.IsFinite(loss));
        return (prepared, scored);
    }

    [Fact]
    public void The_parts_are_the_encoded_rows_standardised_and_converted_as_the_plain_path_does()
    {
        // Numbers, a category, missing values in both: the block encoder against Schema.Encode on the whole table.
        var text = new StringBuilder("a,color,b,label\n");
        var rng = new Random(8);
        string[] colors = ["red", "green", "blue"];
        for (int r = 0; r < 300; r++)
        {
            string a = r % 17 == 3 ? "NA" : (rng.NextDouble() * 100).ToString("F3", CultureInfo.InvariantCulture);
            string color = r % 23 == 5 ? "" : colors[rng.Next(3)];
            string b = (rng.Next(5) - 2).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{a},{color},{b},{(r % 3 == 0 ? "yes" : "no")}\n");
        }
        CsvTable table = CsvReader.Parse(new StringReader(text.ToString()), "mixed.csv");
        TabularRun<float> run = TabularModel.Prepare<float>(table, "label", new TabularOptions { MissingIndicators = true });
        Schema schema = run.Schema;

        // Every row has a label, so positions in the kept rows are table rows.
        double[] x = schema.Encode(table);
        int inputs = schema.Inputs;
        int[] trainingPart = [.. run.TrainRows.Concat(run.ValidationRows).Order()];
        StandardScaler plain = StandardScaler.Fit(x, table.RowCount, inputs, trainingPart);
        int j = 0;
        foreach (FeatureColumn column in schema.Columns)
        {
            for (int k = 0; k < column.Width; k++, j++)
            {
                bool indicator = column.IsIndicator(k);
                Assert.Equal(indicator ? 0 : plain.Mean[j], schema.Scaler.Mean[j]);
                Assert.Equal(indicator ? 1 : plain.Scale[j], schema.Scaler.Scale[j]);
            }
        }

        schema.Scaler.Transform(x, table.RowCount);
        AssertPart(run.TrainSet.Inputs, run.TrainRows);
        AssertPart(run.ValidationSet!.Inputs, run.ValidationRows);
        AssertPart(run.TestSet!.Inputs, run.TestRows);

        void AssertPart(float[] part, IReadOnlyList<int> rows)
        {
            Assert.Equal(rows.Count * inputs, part.Length);
            for (int i = 0; i < rows.Count; i++)
            {
                for (int k = 0; k < inputs; k++)
                    Assert.Equal((float)x[rows[i] * inputs + k], part[i * inputs + k]);
            }
        }
    }
}
