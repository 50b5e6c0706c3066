using Backprop.Activations;

namespace Backprop.Logic;

/// <summary>
/// The notes' proof that a one-hidden-layer network of threshold units computes any Boolean function: one hidden unit
/// per term of the disjunctive normal form, and an output unit that ORs them.
/// </summary>
public static class BooleanNetwork
{
    /// <summary>
    /// Builds the network for <paramref name="function"/> over X1..X<paramref name="variables"/> (step activations,
    /// 1 fires when z &gt;= 0). Hidden unit j, for a term with P positive literals: weight +1 from each positive literal,
    /// -1 from each negated one, bias 0.5 - P, so z_j = (positive literals that are 1) - (negated variables that are 1)
    /// - P + 0.5: exactly 0.5 when all P positive literals are 1 and every negated variable is 0, at most -0.5 otherwise. Output: weight 1 from each hidden unit, bias -0.5 (an OR). The constant
    /// 0 (no terms) gets one hidden unit that never fires.
    /// </summary>
    /// <exception cref="ArgumentException">The function uses more than <paramref name="variables"/> variables.</exception>
    public static Network<double> Build(SumOfProducts function, int variables)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentOutOfRangeException.ThrowIfLessThan(variables, 1);
        if (variables < function.Variables)
        {
            throw new ArgumentException($"The function uses X1..X{function.Variables}; {variables} variables are too few.", nameof(variables));
        }
        int hidden = Math.Max(function.Terms.Count, 1);
        var network = NetworkSpec.Input(variables).Dense(hidden, Activation.Step).Dense(1, Activation.Step).Build<double>();
        var parameters = network.Parameters;
        // Layer 1: weights (variables x hidden, w_jk at [k * hidden + j]), then biases.
        int biases = variables * hidden;
        parameters.AsSpan(0, biases).Clear();
        parameters[biases] = -0.5;
        for (int j = 0; j < function.Terms.Count; j++)
        {
            int positive = 0;
            foreach (var literal in function.Terms[j])
            {
                // Adding (not assigning) keeps X1 X1' (never true) and X1 X1 (= X1) right.
                parameters[(literal.Variable - 1) * hidden + j] += literal.Negated ? -1 : 1;
                positive += literal.Negated ? 0 : 1;
            }
            parameters[biases + j] = 0.5 - positive;
        }
        // Layer 2: OR of the hidden units.
        int output = biases + hidden;
        parameters.AsSpan(output, hidden).Fill(1);
        parameters[output + hidden] = -0.5;
        return network;
    }
}
