// XOR from scratch: a 2-4-1 network of sigmoid units learns exclusive-or by plain gradient descent, with the training
// loop written out: forward pass, loss, backward pass, one step down the gradient.
using Backprop;
using Backprop.Activations;
using Backprop.Losses;

float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1]; // 4 patterns x 2 inputs, row-major
float[] targets = [0, 1, 1, 0];            // 4 patterns x 1 output
const int Patterns = 4;

var network = NetworkSpec.Input(2)
    .Dense(4, Activation.Sigmoid)
    .Dense(1, Activation.Sigmoid)
    .Build<float>(seed: 1);
Console.WriteLine($"Network: {network} ({network.ParameterCount} parameters)");

const float LearningRate = 2f;
for (int epoch = 1; epoch <= 5000; epoch++)
{
    // Zero the gradients, forward, loss, backward (sigmoid + binary cross-entropy fuse to y - d).
    double loss = network.ComputeGradients(inputs, targets, Patterns, Loss.BinaryCrossEntropy);

    // Gradient descent on the one flat parameter buffer: w = w - eta dLoss/dw.
    var parameters = network.Parameters;
    var gradients = network.Gradients;
    for (int i = 0; i < parameters.Length; i++)
    {
        parameters[i] -= LearningRate * gradients[i];
    }

    if (epoch % 1000 == 0)
    {
        Console.WriteLine($"epoch {epoch,5}: loss {loss:F5}");
    }
}

var outputs = network.Forward(inputs, Patterns).ToArray();
bool learned = true;
for (int p = 0; p < Patterns; p++)
{
    int predicted = outputs[p] >= 0.5f ? 1 : 0;
    learned &= predicted == (int)targets[p];
    Console.WriteLine($"{inputs[2 * p]} XOR {inputs[2 * p + 1]} = {outputs[p]:F3} -> {predicted}");
}
Console.WriteLine(learned ? "Learned XOR." : "Did not learn XOR.");
return learned ? 0 : 1;
