using System.CommandLine;
using Backprop.Data;
using Backprop.Persistence;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop export MODEL --onnx FILE.onnx</c>: the model as a standard ONNX graph, scaler included (docs/onnx.md).</summary>
public static class ExportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = CommonOptions.File("MODEL", "A model file written by 'backprop train', or a weights file (docs/weights-file.md).");
        var onnx = CommonOptions.OutputFileOption("--onnx",
            "Write an ONNX model (opset 17, float) that computes what 'backprop predict' does from raw features.");
        onnx.Required = true;
        var json = CommonOptions.Json();
        var command = new Command("export", "Export a model for other runtimes (ONNX).") { model, onnx, json };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(onnx)!;   // required, and never empty
            OutputFiles.Check([new("--onnx", path)], [new("MODEL", parse.GetRequiredValue(model))]);
            Model loaded = ModelFile.Load(parse.GetRequiredValue(model));
            try
            {
                OnnxExporter.Write(path, loaded);
            }
            catch (NotSupportedException e)
            {
                throw new CliException(ExitCodes.Failure, e.Message);
            }
            Report(path, loaded.Schema, Output.From(parse), parse.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Report(string path, Schema schema, Output output, bool json)
    {
        bool classify = schema.Task == TaskKind.Classification;
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("onnx", path);
                w.WriteNumber("ir_version", OnnxExporter.IrVersion);
                w.WriteNumber("opset", OnnxExporter.Opset);
                w.WriteString("input", OnnxExporter.InputName);
                w.WriteNumber("inputs", schema.Inputs);
                w.WriteString("output", OnnxExporter.OutputName);
                w.WriteNumber("outputs", schema.Outputs);
                if (classify)
                    w.WriteString("class_output", OnnxExporter.ClassOutputName);
            });
            return;
        }
        string outputs = $"'{OnnxExporter.OutputName}' float [batch, {schema.Outputs}]" +
            (classify ? $" and '{OnnxExporter.ClassOutputName}' int64 [batch]" : "");
        output.Out.WriteLine($"Wrote {path}: ONNX opset {OnnxExporter.Opset}, input '{OnnxExporter.InputName}' float " +
            $"[batch, {schema.Inputs}] (raw features, scaler included), output {outputs}.");
    }
}
