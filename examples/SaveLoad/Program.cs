// Saving and loading: train an iris classifier, save it with its schema (feature names, scaler, class names) as a
// model file, load it back, and predict species from raw measurements. Then export it to ONNX for other runtimes.
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

var data = TabularData.FromTable(CsvReader.Read(BundledData.ResolvePath("iris")), "species");
string[] classes = data.Classes!;
var allRows = Enumerable.Range(0, data.Rows).ToArray();
var scaler = StandardScaler.Fit(data.Features, data.Rows, data.FeatureCount, allRows);
double[] scaled = (double[])data.Features.Clone();
scaler.Transform(scaled, data.Rows);
var train = Dataset<float>.FromDoubles(scaled, OneHot.Encode(data.ClassIndex!, classes.Length), data.Rows, data.FeatureCount, classes.Length);

var network = NetworkSpec.Input(data.FeatureCount).Dense(8, Activation.Tanh).Dense(classes.Length, Activation.Softmax).Build<float>(seed: 1);
new Trainer<float>(network, Loss.CrossEntropy, Optimizer.Create("adam", 0.02), new TrainingOptions { Epochs = 100, Seed = 1 }).Fit(train);

// The schema travels with the network, so the loaded model takes raw measurements.
var schema = new Schema(TaskKind.Classification, data.LabelName, data.FeatureNames, scaler, classes, targetScaler: null);
string folder = Directory.CreateTempSubdirectory("backprop-example").FullName;
string path = Path.Combine(folder, "iris.model");
ModelFile.Save(new Model<float>(network, schema, Loss.CrossEntropy), path);
Console.WriteLine($"Saved {path} ({new FileInfo(path).Length} bytes)");

Model loaded = ModelFile.Load(path);
Console.WriteLine($"Loaded: {loaded.Architecture}; features {string.Join(", ", loaded.Schema.FeatureNames)}");
double[] flowers = [5.1, 3.5, 1.4, 0.2, 5.7, 2.8, 4.1, 1.3, 6.9, 3.1, 5.4, 2.1];  // three raw rows
double[] probabilities = loaded.Predict(flowers, rows: 3);
int[] predicted = Metrics.ArgMax<double>(probabilities, 3, classes.Length);
for (int r = 0; r < 3; r++)
    Console.WriteLine($"[{string.Join(", ", flowers.Skip(4 * r).Take(4))}] -> {loaded.Schema.Classes[predicted[r]]} ({probabilities[r * classes.Length + predicted[r]]:P0})");

string onnx = Path.Combine(folder, "iris.onnx");
OnnxExporter.Write(onnx, loaded);
Console.WriteLine($"Exported {onnx} ({new FileInfo(onnx).Length} bytes) for ONNX Runtime");
Directory.Delete(folder, recursive: true);
