// The perceptron rule: a single threshold unit learns AND and OR (linearly separable, so the convergence theorem
// promises an answer), and fails on XOR, which no single line separates.
using Backprop.Rules;

double[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
var problems = new (string Name, int[] Targets)[]
{
    ("AND", [0, 0, 0, 1]),
    ("OR", [0, 1, 1, 1]),
    ("XOR", [0, 1, 1, 0]),
};

foreach (var (name, targets) in problems)
{
    var perceptron = new Perceptron(inputs: 2);
    ConvergenceResult result = perceptron.Train(inputs, targets, new RuleOptions(learningRate: 0.1, epochs: 50));
    Console.WriteLine($"{name}: {result}");
    Console.WriteLine($"  w = [{string.Join(", ", perceptron.Weights.Select(w => w.ToString("F2")))}], b = {perceptron.Bias:F2}");
    foreach (var x in inputs)
    {
        Console.WriteLine($"  {x[0]} {x[1]} -> {perceptron.Output(x)}");
    }
}
