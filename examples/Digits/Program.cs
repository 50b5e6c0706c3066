// Handwritten digits: 8x8 images (64 grey levels 0..16) in 10 classes. The tabular pipeline splits off 20% of each
// class for testing, standardises with the training rows' statistics, and trains a 64-32-10 network with ReLU hidden
// units, a softmax output, Adam and cross-entropy, stopping early on a validation part.
using Backprop.Data;
using Backprop.Tabular;
using Backprop.Training;

var options = new TabularOptions
{
    TestFraction = 0.2,
    HiddenLayers = [32],
    Optimizer = () => new Backprop.Optimizers.Adam(0.01),
    Training = new TrainingOptions { Epochs = 20, BatchSize = 32, Patience = 5 },
    Seed = 1,
};
TabularRun<float> run = TabularModel.Prepare<float>(CsvReader.Read(BundledData.ResolvePath("digits")), "digit", options);
Console.WriteLine($"{run.TrainRows.Count} training images ({run.ValidationRows.Count} more for validation), {run.Schema.Inputs} pixels each, {run.Schema.Classes.Count} classes");

TrainingResult result = run.Train(report =>
{
    if (report.Epoch % 5 == 0)
        Console.WriteLine($"epoch {report.Epoch,2}: train loss {report.TrainLoss:F4}, validation loss {report.ValidationLoss:F4}");
});
Console.WriteLine(result.Message);

TabularFit fit = run.Finish(result);
double accuracy = fit.TestClassification!.Accuracy;
Console.WriteLine($"Test accuracy: {accuracy:P1} on {fit.TestClassification.Rows} images");
return accuracy > 0.9 ? 0 : 1;
