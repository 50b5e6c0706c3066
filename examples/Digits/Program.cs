// Handwritten digits: 8x8 images (64 grey levels 0..16) in 10 classes. A 64-32-10 network with ReLU hidden units
// and a softmax output learns them with Adam and cross-entropy; accuracy is measured on held-out rows.
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

var data = TabularData.FromTable(CsvReader.Read(BundledData.ResolvePath("digits")), "digit");
string[] classes = data.Classes!;
int[] labels = data.ClassIndex!;
Console.WriteLine($"{data.Rows} images, {data.FeatureCount} pixels each, {classes.Length} classes");

// Hold out 20% of each class; standardise with the training rows' statistics only.
var (trainRows, testRows) = Splits.Stratified(labels, classes.Length, testFraction: 0.2, seed: 1);
var scaler = StandardScaler.Fit(data.Features, data.Rows, data.FeatureCount, trainRows);
double[] features = (double[])data.Features.Clone();
scaler.Transform(features, data.Rows);
var all = Dataset<float>.FromDoubles(features, OneHot.Encode(labels, classes.Length), data.Rows, data.FeatureCount, classes.Length);
Dataset<float> train = all.Subset(trainRows), test = all.Subset(testRows);

var network = NetworkSpec.Input(data.FeatureCount)
    .Dense(32, Activation.Relu)
    .Dense(classes.Length, Activation.Softmax)
    .Build<float>(seed: 1);
var trainer = new Trainer<float>(network, Loss.CrossEntropy, Optimizer.Create("adam", 0.01),
    new TrainingOptions { Epochs = 20, BatchSize = 32, Seed = 1 });
TrainingResult result = trainer.Fit(train, test, report =>
{
    if (report.Epoch % 5 == 0)
        Console.WriteLine($"epoch {report.Epoch,2}: train loss {report.TrainLoss:F4}, test loss {report.ValidationLoss:F4}");
});
Console.WriteLine(result.Message);

int[] predicted = Metrics.ArgMax(network.Forward(test.Inputs, test.Rows), test.Rows, classes.Length);
double accuracy = Metrics.Accuracy(predicted, testRows.Select(r => labels[r]).ToArray());
Console.WriteLine($"Test accuracy: {accuracy:P1} on {test.Rows} images");
return accuracy > 0.9 ? 0 : 1;
