// Saving and loading: fit an iris classifier with the tabular pipeline, save it with its schema (columns, fills,
// scaler, class names) as a model file, load it back, and predict species from raw measurements given as text.
// Then export it to ONNX for other runtimes.
using Backprop.Data;
using Backprop.Persistence;
using Backprop.Tabular;

TabularFit fit = TabularModel.Fit(CsvReader.Read(BundledData.ResolvePath("iris")), "species", new TabularOptions { Seed = 1 });
Console.WriteLine($"{fit.Result.Message} Test accuracy {fit.TestClassification!.Accuracy:P1}");

string folder = Directory.CreateTempSubdirectory("backprop-example").FullName;
string path = Path.Combine(folder, "iris.model");
ModelFile.Save(fit.Model, path);
Console.WriteLine($"Saved {path} ({new FileInfo(path).Length} bytes)");

// The schema travels with the network, so the loaded model takes raw rows.
Model loaded = ModelFile.Load(path);
Console.WriteLine($"Loaded: {loaded.Architecture}; features {string.Join(", ", loaded.Schema.FeatureNames)}");
string[][] flowers = [["5.1", "3.5", "1.4", "0.2"], ["5.7", "2.8", "4.1", "1.3"], ["6.9", "3.1", "5.4", "2.1"]];
foreach (string[] flower in flowers)
{
    var row = new Dictionary<string, string>();
    for (int j = 0; j < flower.Length; j++)
        row[loaded.Schema.FeatureNames[j]] = flower[j];
    Console.WriteLine($"[{string.Join(", ", flower)}] -> {loaded.Predict(row)}");
}

string onnx = Path.Combine(folder, "iris.onnx");
OnnxExporter.Write(onnx, loaded);
Console.WriteLine($"Exported {onnx} ({new FileInfo(onnx).Length} bytes) for ONNX Runtime");
Directory.Delete(folder, recursive: true);
