using System.CommandLine;
using System.Text.Json;

namespace Backprop.Cli.Tests;

/// <summary>
/// <c>--json</c> on every command that prints results: one JSON object on stdout that names its command and schema
/// version, and with <c>--json</c> an error is a JSON object on stderr with the exit code.
/// </summary>
public sealed class JsonEverywhereTests : IClassFixture<JsonEverywhereTests.IrisModel>, IDisposable
{
    private readonly TempDir dir = new();
    private readonly string model;

    public JsonEverywhereTests(IrisModel iris) => model = iris.Path;

    public void Dispose() => dir.Dispose();

    /// <summary>A small iris model, trained once for the class.</summary>
    public sealed class IrisModel : IDisposable
    {
        private readonly TempDir dir = new();

        public IrisModel()
        {
            Path = dir["iris.bpmodel"];
            var result = Cli.Run("train", "iris", "--epochs", "3", "--quiet", "--model", Path);
            Assert.True(result.Code == 0, result.ToString());
        }

        public string Path { get; }

        public void Dispose() => dir.Dispose();
    }

    // Commands that print no result of their own, with the reason; every other command must take --json.
    private static readonly Dictionary<string, string> WithoutJson = new()
    {
        ["worker"] = "it serves a cluster training run until the run ends; the results are train's",
        ["playground"] = "a server: it prints the URL to open and serves until Ctrl+C; it has no result to print",
        ["worker"] = "a cluster worker prints progress lines on stderr; the run's result is the coordinator's (train --json)",
    };

    /// <summary>Every leaf command, as typed after <c>backprop</c>.</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (string name in Leaves(Program.CreateRootCommand(), ""))
            data.Add(name);
        return data;
    }

    private static IEnumerable<string> Leaves(Command command, string prefix)
    {
        foreach (Command sub in command.Subcommands)
        {
            string name = (prefix + " " + sub.Name).Trim();
            if (sub.Subcommands.Count == 0)
                yield return name;
            foreach (string leaf in Leaves(sub, name))
                yield return leaf;
        }
    }

    private static Command Find(string path)
    {
        Command command = Program.CreateRootCommand();
        foreach (string name in path.Split(' '))
            command = command.Subcommands.Single(c => c.Name == name);
        return command;
    }

    // One successful run of each command, with --json added by the test.
    private string[] Success(string command) => command switch
    {
        "train" => ["train", "xor", "--epochs", "2", "--quiet", "--model", dir["xor.bpmodel"]],
        "evaluate" => ["evaluate", model, "iris"],
        "predict" => ["predict", model, "iris"],
        "info" => ["info", model],
        "gradcheck" => ["gradcheck"],
        "export" => ["export", model, "--onnx", dir["iris.onnx"]],
        "explain" => ["explain", "--example", "unit"],
        "boolean" => ["boolean", "X1 X2' + X3"],
        "boundary" => ["boundary", "xor", dir["b.png"], "--points", "40", "--epochs", "5", "--resolution", "20"],
        "trajectory" => ["trajectory", dir["t.png"], "--epochs", "2"],
        "classic mcp" => ["classic", "mcp"],
        "classic madaline" => ["classic", "madaline", "xor"],
        "construct polygon" => ["construct", "polygon", "--sides", "4", "--resolution", "40"],
        "construct circle" => ["construct", "circle", "--sides", "4,16", "--resolution", "40"],
        "construct circles" => ["construct", "circles", "--resolution", "40"],
        "construct or" => ["construct", "or", "--resolution", "40"],
        "construct approximate" => ["construct", "approximate", "--pulses", "4,8"],
        "construct cylinders" => ["construct", "cylinders", "--cells", "2"],
        "activation" => ["activation", "softmax", "2,-1.99,-0.01"],
        "vanishing" => ["vanishing", "--depth", "3", "--points", "40"],
        // A new command is run with its defaults; give it a quicker or a working run above if that fails or is slow.
        _ => command.Split(' '),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandTakesJson(string command)
    {
        if (WithoutJson.ContainsKey(command))
            return;
        Assert.True(Find(command).Options.Any(o => o.Name == "--json"),
            $"'backprop {command}' has no --json option: add CommonOptions.Json() (or list it in WithoutJson with the reason)");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void JsonOutputParsesAndNamesItsCommand(string command)
    {
        if (WithoutJson.ContainsKey(command))
            return;
        var result = Cli.Run([.. Success(command), "--json"]);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        JsonElement json = result.Json;
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal(command, json.GetProperty("command").GetString());
        Assert.Equal(Output.JsonSchemaVersion, json.GetProperty("schema_version").GetInt32());
        AssertOneVocabulary(json, command);
    }

    // The second names once used for a concept that has one key (docs/cli.md, "One name per concept").
    private static readonly string[] Synonyms =
        ["training_accuracy", "training_loss", "training_rows", "testing_accuracy", "lr", "eta", "batch", "num_rows", "row_count", "n_epochs"];

    // One name per concept: no retired synonym anywhere in the object, and "loss" always the loss function's name.
    private static void AssertOneVocabulary(JsonElement element, string command)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
                AssertOneVocabulary(item, command);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
            return;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            Assert.False(Synonyms.Contains(property.Name), $"'{command} --json' writes '{property.Name}', a second name for a concept with one key");
            if (property.Name == "loss")
                Assert.True(property.Value.ValueKind == JsonValueKind.String, $"'{command} --json': \"loss\" names the loss function; a value is loss_value or train_loss");
            AssertOneVocabulary(property.Value, command);
        }
    }

    [Fact]
    public void TrainAndBoundaryNameTheTrainingScoresAlike()
    {
        var train = Cli.Run("train", "xor", "--epochs", "2", "--quiet", "--model", dir["v.bpmodel"], "--json").Json;
        var boundary = Cli.Run("boundary", "xor", dir["v.png"], "--points", "40", "--epochs", "5", "--resolution", "20", "--json").Json;
        foreach (JsonElement json in new[] { train, boundary })
        {
            Assert.Equal(JsonValueKind.Number, json.GetProperty("train_accuracy").ValueKind);
            Assert.Equal(JsonValueKind.Number, json.GetProperty("train_loss").ValueKind);
        }
        Assert.Equal(JsonValueKind.Number, Cli.Run("evaluate", model, "iris", "--json").Json.GetProperty("loss_value").ValueKind);
        Assert.Equal("cross-entropy", Cli.Run("info", model, "--json").Json.GetProperty("loss").GetString());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void WithJsonAUsageErrorIsJsonOnStderr(string command)
    {
        var result = Cli.Run([.. command.Split(' '), "--no-such-option", "--json"]);
        AssertJsonError(result, 2, "usage", "--no-such-option");
        Assert.Equal(command, JsonDocument.Parse(result.Err).RootElement.GetProperty("command").GetString());
    }

    [Fact]
    public void WithJsonDataAndModelErrorsAreJsonWithTheirCodes()
    {
        AssertJsonError(Cli.Run("train", dir.File("bad.csv", "a,b\n1,x\n1\n"), "-q", "--json"), 3, "data", "bad.csv:3");
        AssertJsonError(Cli.Run("info", dir.File("bad.bpmodel", "not a model"), "--json"), 4, "model_file", "not a Backprop model file");
        AssertJsonError(Cli.Run("predict", model, "nope.csv", "--json"), 3, "data", "file not found");
    }

    [Fact]
    public void WithoutJsonAnErrorIsOnePlainLine()
    {
        var result = Cli.Run("info", dir.File("bad.bpmodel", "not a model"));
        Assert.Equal(4, result.Code);
        Assert.StartsWith("error: ", result.Err);
        Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void PredictJsonHasAClassAndProbabilitiesPerRow()
    {
        var json = Cli.Run("predict", model, "iris", "--json").Json;
        Assert.Equal(150, json.GetProperty("rows").GetInt32());
        Assert.Equal(["setosa", "versicolor", "virginica"], json.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        var first = json.GetProperty("predictions")[0];
        Assert.Contains(first.GetProperty("class").GetString(), new[] { "setosa", "versicolor", "virginica" });
        Assert.Equal(1.0, first.GetProperty("probabilities").EnumerateArray().Sum(p => p.GetDouble()), 5);
        Assert.Equal(150, json.GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public void EvaluateOnOneRowReportsRSquaredAsNull()
    {
        string data = dir.File("line.csv", "x,y\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i * 0.1:0.0},{i * 0.3 + 1:0.0}")) + "\n");
        string regression = dir["line.bpmodel"];
        Assert.Equal(0, Cli.Run("train", data, "--label", "y", "--epochs", "2", "-q", "--model", regression).Code);
        var one = Cli.Run("evaluate", regression, dir.File("one.csv", "x,y\n0.5,2.5\n"), "--json");
        Assert.True(one.Code == 0, one.ToString());
        Assert.Equal(JsonValueKind.Null, one.Json.GetProperty("r2").ValueKind);
        Assert.Equal(JsonValueKind.Number, one.Json.GetProperty("mse").ValueKind);
        Assert.Contains("undefined", Cli.Run("evaluate", regression, dir["one.csv"]).Out);
        Assert.Equal(JsonValueKind.Number, Cli.Run("evaluate", regression, data, "--json").Json.GetProperty("r2").ValueKind);
    }

    private static void AssertJsonError(CliResult result, int code, string kind, string message)
    {
        Assert.True(result.Code == code, result.ToString());
        Assert.Equal("", result.Out);
        Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var error = JsonDocument.Parse(result.Err).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("exit_code").GetInt32());
        Assert.Equal(kind, error.GetProperty("kind").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
    }
}
