// Function regression: a 1-16-16-1 tanh network learns y = sin(x) on [-pi, pi] from 200 samples and is checked
// on points it has not seen.
using Backprop;
using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

static Dataset<float> Sample(int rows, Func<int, double> x)
{
    var inputs = new double[rows];
    var targets = new double[rows];
    for (int i = 0; i < rows; i++)
    {
        inputs[i] = x(i);
        targets[i] = Math.Sin(inputs[i]);
    }
    return Dataset<float>.FromDoubles(inputs, targets, rows, inputCount: 1, outputCount: 1);
}

var random = new Random(1);
Dataset<float> train = Sample(200, _ => (random.NextDouble() * 2 - 1) * Math.PI);
Dataset<float> test = Sample(9, i => -Math.PI + i * Math.PI / 4);  // -pi, -3pi/4, ..., pi

var network = NetworkSpec.Input(1)
    .Dense(16, Activation.Tanh)
    .Dense(16, Activation.Tanh)
    .Dense(1, Activation.Identity)
    .Build<float>(seed: 1);
var trainer = new Trainer<float>(network, Loss.MeanSquaredError, Optimizer.Create("adam", 0.01),
    new TrainingOptions { Epochs = 300, BatchSize = 16, Seed = 1 });
TrainingResult result = trainer.Fit(train);
Console.WriteLine($"{result.Message} Final training MSE {result.History[^1].TrainLoss:F6}.");

float[] predicted = network.Forward(test.Inputs, test.Rows).ToArray();
double worst = 0;
for (int i = 0; i < test.Rows; i++)
{
    double error = Math.Abs(predicted[i] - test.Targets[i]);
    worst = Math.Max(worst, error);
    Console.WriteLine($"sin({test.Inputs[i],6:F3}) = {test.Targets[i],6:F3}, network {predicted[i],6:F3}");
}
Console.WriteLine($"Largest error on unseen points: {worst:F3}");
return worst < 0.1 ? 0 : 1;
