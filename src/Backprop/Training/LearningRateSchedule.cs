namespace Backprop.Training;

/// <summary>
/// The learning rate for each epoch as a function of the base rate and the epoch number (0 for the first epoch).
/// The trainer sets the optimizer's rate from it at the start of every epoch; a schedule keeps no state, so the
/// epoch number alone places a resumed run on it.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The rate for epoch <paramref name="epoch"/> (from 0) given the base rate.</summary>
    public abstract double Rate(double baseRate, int epoch);

    /// <summary>The base rate throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>eta * factor^floor(epoch / every): the rate drops by <paramref name="factor"/> every <paramref name="every"/> epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is below 1 or <paramref name="factor"/> is not finite and positive.</exception>
    public static LearningRateSchedule Step(int every, double factor) => new StepSchedule(every, factor);

    /// <summary>eta * gamma^epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not finite and positive.</exception>
    public static LearningRateSchedule Exponential(double gamma) => new ExponentialSchedule(gamma);

    /// <summary>eta / (1 + decay * epoch).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is negative or not finite.</exception>
    public static LearningRateSchedule InverseTime(double decay) => new InverseTimeSchedule(decay);

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override double Rate(double baseRate, int epoch) => baseRate;

        public override string ToString() => "constant";
    }

    private sealed class StepSchedule : LearningRateSchedule
    {
        private readonly int every;
        private readonly double factor;

        public StepSchedule(int every, double factor)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
            this.every = every;
            this.factor = Optimizers.Check.Positive(factor, nameof(factor));
        }

        public override double Rate(double baseRate, int epoch) => baseRate * Math.Pow(factor, epoch / every);

        public override string ToString() => $"step(every={every}, factor={NumberText.Exact(factor)})";
    }

    private sealed class ExponentialSchedule(double gamma) : LearningRateSchedule
    {
        private readonly double gamma = Optimizers.Check.Positive(gamma, nameof(gamma));

        public override double Rate(double baseRate, int epoch) => baseRate * Math.Pow(gamma, epoch);

        public override string ToString() => $"exponential(gamma={NumberText.Exact(gamma)})";
    }

    private sealed class InverseTimeSchedule(double decay) : LearningRateSchedule
    {
        private readonly double decay = Optimizers.Check.NonNegative(decay, nameof(decay));

        public override double Rate(double baseRate, int epoch) => baseRate / (1 + decay * epoch);

        public override string ToString() => $"inverse-time(decay={NumberText.Exact(decay)})";
    }
}
