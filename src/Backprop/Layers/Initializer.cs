namespace Backprop.Layers;

/// <summary>
/// How a layer's weights are drawn before training. Every draw comes from the <see cref="Random"/> the network
/// is built with, so the same seed gives the same weights. Biases start at 0.
/// </summary>
public abstract class Initializer
{
    /// <summary>The name used on the command line and in model files.</summary>
    public abstract string Name { get; }

    /// <summary>Draws one weight for a layer with the given fan-in and fan-out.</summary>
    public abstract double Sample(Random random, int fanIn, int fanOut);

    /// <summary>Uniform on [-limit, limit].</summary>
    public static Initializer Uniform(double limit = 0.5) => new UniformInitializer(limit);

    /// <summary>Normal with mean 0 and the given standard deviation.</summary>
    public static Initializer Normal(double std = 0.1) => new NormalInitializer(std);

    /// <summary>Xavier/Glorot uniform: U[-sqrt(6 / (in + out)), +sqrt(6 / (in + out))]; suits sigmoid and tanh.</summary>
    public static Initializer Xavier { get; } = new XavierInitializer();

    /// <summary>He normal: N(0, 2 / in); suits ReLU.</summary>
    public static Initializer He { get; } = new HeInitializer();

    /// <summary>One draw from N(0, 1) by Box-Muller.</summary>
    protected static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class UniformInitializer(double limit) : Initializer
    {
        private readonly double limit = Optimizers.Check.Positive(limit, nameof(limit));

        public override string Name => $"uniform({NumberText.Exact(limit)})";

        public override double Sample(Random random, int fanIn, int fanOut) => (2 * random.NextDouble() - 1) * limit;
    }

    private sealed class NormalInitializer(double std) : Initializer
    {
        private readonly double std = Optimizers.Check.Positive(std, nameof(std));

        public override string Name => $"normal({NumberText.Exact(std)})";

        public override double Sample(Random random, int fanIn, int fanOut) => std * StandardNormal(random);
    }

    private sealed class XavierInitializer : Initializer
    {
        public override string Name => "xavier";

        public override double Sample(Random random, int fanIn, int fanOut) =>
            (2 * random.NextDouble() - 1) * Math.Sqrt(6.0 / (fanIn + fanOut));
    }

    private sealed class HeInitializer : Initializer
    {
        public override string Name => "he";

        public override double Sample(Random random, int fanIn, int fanOut) => Math.Sqrt(2.0 / fanIn) * StandardNormal(random);
    }
}
