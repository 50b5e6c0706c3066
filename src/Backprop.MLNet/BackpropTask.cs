namespace Backprop.MLNet;

/// <summary>What a Backprop trainer learns, which decides its output layer, its loss and the columns it adds.</summary>
public enum BackpropTask
{
    /// <summary>Boolean label; one sigmoid output, binary cross-entropy; adds Score (the logit), Probability, PredictedLabel.</summary>
    BinaryClassification,

    /// <summary>Key-typed label; one softmax output per class, cross-entropy; adds Score (class probabilities), PredictedLabel (key).</summary>
    MulticlassClassification,

    /// <summary>Single-precision label; one linear output, mean squared error on the standardised label; adds Score.</summary>
    Regression,
}
