using System.Text;
using Backprop.Data;
using Backprop.Tabular;
using Xunit.Abstractions;

namespace Backprop.Tests.Robustness;

/// <summary>
/// Mutated CSV files through the path <c>train</c> takes (read, turn into numbers, split, standardise): each ends in a
/// data set or a <see cref="DataException"/>, never another exception, a hang or an unbounded allocation.
/// </summary>
public class CsvFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Corpus =
    [
        "sepal,petal,species\n5.1,1.4,setosa\n4.9,1.4,setosa\n7.0,4.7,versicolor\n6.4,4.5,versicolor\n6.3,6.0,virginica\n5.8,5.1,virginica\n",
        "x,\"y, quoted\",target\r\n1,\"2\",0.5\r\n-3.5e2,\"4\"\"\",1.25\r\n 7 , 8 ,-2\r\n9,\"multi\nline\",3\r\n1e-3,0,4\r\n\r\n",
        "\uFEFFa;b;c;label\n1;2;3;0\n4;5;6;1\n7;8;9;0\n1;1;1;1\n2;2;2;0\n3;3;3;1\n",
        "a\tb\tlabel\n0\t0\tno\n0\t1\tyes\n1\t0\tyes\n1\t1\tno\n0.5\t0.5\tmaybe\n0.25\t0.75\tmaybe\n",
        "f1,f2,f3,f4,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{i * 0.5},{-i},{i % 3},{i % 2}\n")),
    ];

    // Pieces that CSV readers and number parsers trip over.
    private static readonly string[] Tokens =
    [
        ",", ";", "\t", "\"", "\"\"", "\n", "\r", "\r\n", "\0", "\uFEFF", " ", "NaN", "Infinity", "-∞", "1e400", "-1e308", "1e200",
        "0x1F", "1,5", "١٢٣", "\uD800", "e", "-", "+", ".", "99999999999999999999999999999", new string('9', 400), new string(',', 300),
        new string('"', 7), "\"a\nb\"", "label", "species",
    ];

    [Fact]
    public void MutatedCsvFilesEndInDataOrADataException()
    {
        int cases = Fuzz.Cases(10_000);
        int accepted = Fuzz.Run<DataException>(output, "CSV", cases, random =>
        {
            string source = Corpus[random.Next(Corpus.Length)];
            char separator = source.Contains('\t') ? '\t' : source.Contains(';') ? ';' : ',';
            string text = random.Next(2) == 0 ? MutateText(source, random) : MutateBytes(source, random);
            Load(text, separator, random);
        });
        // The mutations must leave some files valid, or the fuzzer tests only the first error path.
        Assert.InRange(accepted, 1, cases - 1);
    }

    // What train does with a file: read, pick the label, decide the task, the columns, the split, the fills and scalers.
    private static void Load(string text, char separator, Random random)
    {
        CsvTable table = CsvReader.Parse(new StringReader(text), "fuzz.csv", separator);
        string label = random.Next(4) == 0 ? table.Header[random.Next(table.ColumnCount)] : table.Header[^1];
        TaskKind? task = random.Next(3) switch { 0 => TaskKind.Classification, 1 => TaskKind.Regression, _ => null };
        var options = new TabularOptions { Task = task, HiddenLayers = [], DropMissing = random.Next(2) == 0, MissingIndicators = random.Next(2) == 0 };
        TabularModel.Prepare<float>(table, label, options);
    }

    private static string MutateText(string source, Random random)
    {
        var text = new StringBuilder(source);
        for (int round = 1 + random.Next(4); round > 0; round--)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(5))
            {
                case 0:
                    text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 1:
                    text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
                    break;
                case 2:   // replace a cell-sized run with a token
                    text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at)).Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 3:   // repeat a line's worth
                    text.Insert(at, text.ToString(at, Math.Min(random.Next(1, 40), text.Length - at)));
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }
        return text.ToString();
    }

    // Damaged bytes decoded the way CsvReader.Read decodes a file (UTF-8, BOM detection, invalid sequences replaced).
    private static string MutateBytes(string source, Random random)
    {
        byte[] bytes = Fuzz.Mutate(Encoding.UTF8.GetBytes(source), random);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
