using System.CommandLine;
using System.Globalization;
using Backprop.Cli.Plots;
using Backprop.Constructions;
using Backprop.Data;
using Backprop.Layers;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop construct</c>: 001's networks with hand-set weights. Regions from threshold units (polygon, circle,
/// circles, or), each checked on a grid against the exact region; approximators (pulse, approximate, cylinders), each
/// with its error.
/// </summary>
public static class ConstructCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create() => new("construct",
        "The notes' constructions with their own weights: regions from threshold units and universal approximation.")
    {
        Polygon(), CircleLimit(), Circles(), Or(), Pulse(), Approximate(), CylindersCommand(),
    };

    private static Option<string?> Png() => CommonOptions.OutputFileOption("--png", "Also draw the construction to this PNG.", "FILE.png");

    private static Option<int> Resolution(int defaultValue) =>
        CommonOptions.Positive("--resolution", defaultValue, "Grid cells across and down for the check against the exact result.");

    private static Command Polygon()
    {
        var sides = CommonOptions.Integer("--sides", 5, 3, "Sides of the regular polygon (3 or more).");
        var png = Png();
        var resolution = Resolution(400);
        var json = CommonOptions.Json();
        var command = new Command("polygon",
            "A regular N-gon from N threshold units and an output that fires when their sum is N (Sum >= N).")
        {
            sides, png, resolution, json,
        };
        command.SetAction(parse =>
        {
            var polygon = ConvexPolygon.Regular(parse.GetValue(sides), 0, 0, 1);
            var network = RegionNetworks.Polygon(polygon);
            var check = RegionCheck.Run(network, polygon.Contains, 1.5, parse.GetValue(resolution));
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("network", network.ToString());
                    w.WriteNumber("sides", polygon.Sides);
                    WriteCheck(w, check);
                });
            }
            else
            {
                output.Out.WriteLine($"{polygon.Name}: {network}");
                if (polygon.Sides <= 16)
                {
                    var first = (Dense<double>)network.Layers[0];
                    for (int k = 0; k < polygon.Sides; k++)
                        output.Out.WriteLine($"  h{k + 1} = step({Signed(first.Weights[k])} x1 {Signed(first.Weights[polygon.Sides + k])} x2 {Signed(first.Biases[k])})");
                }
                output.Out.WriteLine($"  y  = step(h1 + ... + h{polygon.Sides} - {Output.Number(polygon.Sides - 0.5)}): fires when Sum >= {polygon.Sides}");
                WriteCheck(output, check, "the exact polygon");
            }
            Draw(parse.GetValue(png), check, polygon.Edges, [polygon], [], $"{polygon.Sides} threshold units, Sum >= {polygon.Sides}", output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CircleLimit()
    {
        var sides = IntList("--sides", [4, 5, 6, 7, 16, 1000], 3, "Sides of the polygons around the unit circle, comma-separated.");
        var png = Png();
        var resolution = Resolution(400);
        var json = CommonOptions.Json();
        var command = new Command("circle",
            "The circle in the limit: polygons of more and more sides around it, each checked against the exact circle.")
        {
            sides, png, resolution, json,
        };
        command.SetAction(parse =>
        {
            var circle = new Circle(0, 0, 1);
            int cells = parse.GetValue(resolution);
            double cellArea = 3.0 / cells * (3.0 / cells);
            var rows = new List<(int Sides, RegionCheck Check, ConvexPolygon Polygon)>();
            foreach (int n in parse.GetRequiredValue(sides))
            {
                var polygon = circle.Polygon(n);
                rows.Add((n, RegionCheck.Run(RegionNetworks.Polygon(polygon), circle.Contains, 1.5, cells), polygon));
            }
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteStartArray("polygons");
                    foreach (var (n, check, _) in rows)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("sides", n);
                        WriteCheck(w, check);
                        w.WriteNumber("area_outside", check.NetworkOnly * cellArea);
                        w.WriteNumber("area_outside_exact", n * Math.Tan(Math.PI / n) - Math.PI);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            }
            else
            {
                output.Table($"polygons around the unit circle, {cells} x {cells} grid on [-1.5, 1.5]^2",
                    ["sides", "units", "agreement with circle", "area outside circle", "exact N tan(pi/N) - pi"],
                    rows.Select(r => (IReadOnlyList<string>)[Int(r.Sides), Int(r.Sides + 1), Output.Percent(r.Check.Agreement),
                        Output.Number(r.Check.NetworkOnly * cellArea), Output.Number(r.Sides * Math.Tan(Math.PI / r.Sides) - Math.PI)]));
            }
            var last = rows[^1];
            Draw(parse.GetValue(png), last.Check, last.Polygon.Edges, [], [circle], $"{last.Sides} threshold units around a circle", output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Circles()
    {
        var circles = new Option<string[]>("--circle")
        {
            Description = "A circle X,Y,R; repeat for more (default: three circles).",
            HelpName = "X,Y,R",
            AllowMultipleArgumentsPerToken = false,
        };
        var sides = CommonOptions.Integer("--sides", 64, 4, "Threshold units per circle.");
        var png = Png();
        var resolution = Resolution(300);
        var json = CommonOptions.Json();
        var command = new Command("circles",
            "A union of circles: the notes' one-hidden-layer sum (each circle adds N/2 inside) against AND-then-OR in three layers.")
        {
            circles, sides, png, resolution, json,
        };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(circles) ?? [];
            Circle[] shapes = given.Length == 0
                ? [new(-1.2, 0, 0.5), new(1.2, 0.4, 0.6), new(0, -1.3, 0.4)]
                : [.. given.Select(text => ParseCircle(text))];
            var polygons = shapes.Select(c => c.Polygon(parse.GetValue(sides))).ToList();
            double extent = shapes.Max(c => Math.Max(Math.Abs(c.Cx), Math.Abs(c.Cy)) + c.Radius) * 1.25;
            Union(Output.From(parse), polygons, (x1, x2) => shapes.Any(c => c.Contains(x1, x2)), extent,
                parse.GetValue(resolution), parse.GetValue(json), parse.GetValue(png), [], shapes, "the exact union of the circles");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Or()
    {
        var first = new Option<string>("--first")
        {
            Description = "The first polygon SIDES,X,Y,APOTHEM.", HelpName = "N,X,Y,A", DefaultValueFactory = _ => "5,-0.5,0,0.7",
        };
        var second = new Option<string>("--second")
        {
            Description = "The second polygon SIDES,X,Y,APOTHEM.", HelpName = "N,X,Y,A", DefaultValueFactory = _ => "4,0.6,0.3,0.6",
        };
        var png = Png();
        var resolution = Resolution(300);
        var json = CommonOptions.Json();
        var command = new Command("or",
            "The OR of two polygons: two layers (one sum) cannot do it exactly; a third layer (AND per polygon, then OR) can.")
        {
            first, second, png, resolution, json,
        };
        command.SetAction(parse =>
        {
            ConvexPolygon[] pair = [ParsePolygon("--first", parse.GetRequiredValue(first)), ParsePolygon("--second", parse.GetRequiredValue(second))];
            double extent = 2;
            Union(Output.From(parse), pair, (x1, x2) => pair[0].Contains(x1, x2) || pair[1].Contains(x1, x2), extent,
                parse.GetValue(resolution), parse.GetValue(json), parse.GetValue(png), pair, [], "the exact OR of the polygons");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Union(Output output, IReadOnlyList<ConvexPolygon> polygons, Func<double, double, bool> exact,
        double extent, int resolution, bool json, string? png, IEnumerable<ConvexPolygon> outlines, IEnumerable<Circle> circles, string what)
    {
        var shallow = RegionNetworks.Union(polygons, deep: false);
        var deep = RegionNetworks.Union(polygons, deep: true);
        var shallowCheck = RegionCheck.Run(shallow, exact, extent, resolution);
        var deepCheck = RegionCheck.Run(deep, exact, extent, resolution);
        if (json)
        {
            output.Json(w =>
            {
                w.WriteStartObject("two_layers");
                w.WriteString("network", shallow.ToString());
                WriteCheck(w, shallowCheck);
                w.WriteEndObject();
                w.WriteStartObject("three_layers");
                w.WriteString("network", deep.ToString());
                WriteCheck(w, deepCheck);
                w.WriteEndObject();
            });
        }
        else
        {
            output.Out.WriteLine($"{polygons.Count} regions: {string.Join("; ", polygons.Select(p => p.Name))}");
            output.Out.WriteLine($"two layers   {shallow}");
            output.Out.WriteLine($"             y = step(sum of all edge units - {Output.Number(-((Dense<double>)shallow.Layers[1]).Biases[0])})");
            WriteCheck(output, shallowCheck, what);
            output.Out.WriteLine($"three layers {deep}");
            output.Out.WriteLine("             one AND unit per region (Sum >= N), then y = step(sum of ANDs - 0.5)");
            WriteCheck(output, deepCheck, what);
        }
        var lines = polygons.SelectMany(p => p.Edges).ToList();
        Draw(png, shallowCheck, lines, outlines, circles,
            $"two layers: {Output.Percent(shallowCheck.Agreement)}; three layers: {Output.Percent(deepCheck.Agreement)} (shaded: two layers)", output);
    }

    private static Command Pulse()
    {
        var from = CommonOptions.Real("--from", 1, double.IsFinite, "a number", "T1, where the pulse starts.");
        var to = CommonOptions.Real("--to", 2, double.IsFinite, "a number", "T2, where it ends (T2 > T1).");
        var png = Png();
        var json = CommonOptions.Json();
        var command = new Command("pulse", "A square pulse from two threshold units and a summing output: 1 on [T1, T2), 0 elsewhere.")
        {
            from, to, png, json,
        };
        command.SetAction(parse =>
        {
            double t1 = parse.GetValue(from)!.Value, t2 = parse.GetValue(to)!.Value;
            if (!(t1 < t2))
                throw CliException.Usage($"--from {Output.Number(t1)} --to {Output.Number(t2)}: the pulse needs T1 < T2");
            var network = Pulses.Pulse(t1, t2);
            double width = t2 - t1;
            double[] xs = [t1 - width, t1 - width / 100, t1, (t1 + t2) / 2, t2 - width / 100, t2, t2 + width];
            var ys = RegionCheck.Predict(network, xs, xs.Length);
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("network", network.ToString());
                    w.WriteStartArray("points");
                    for (int i = 0; i < xs.Length; i++)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("x", xs[i]);
                        w.WriteNumber("y", ys[i]);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            }
            else
            {
                output.Out.WriteLine($"{network}: h1 = step(x - {Output.Number(t1)}), h2 = step(x - {Output.Number(t2)}), y = h1 - h2");
                output.Table("the pulse", ["x", "h1", "h2", "y"], xs.Select((x, i) => (IReadOnlyList<string>)[Output.Number(x),
                    Int(x >= t1 ? 1 : 0), Int(x >= t2 ? 1 : 0), Output.Number(ys[i])]));
            }
            if (parse.GetValue(png) is { } path)
            {
                var (grid, values) = Sample(network, t1 - width, t2 + width, 601);
                ConstructionPlot.Curves(path, $"square pulse on [{Output.Number(t1)}, {Output.Number(t2)})", "x", grid, [("y", values)]);
                output.Error.WriteLine($"wrote {path}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Approximate()
    {
        var function = new Option<string>("--function")
        {
            Description = $"A built-in function: {string.Join(", ", Function1.BuiltIn.Select(f => f.Name))}.",
            DefaultValueFactory = _ => "sin",
            HelpName = "NAME",
        };
        function.AcceptOnlyFromAmong([.. Function1.BuiltIn.Select(f => f.Name)]);
        var csv = CommonOptions.FileOption("--csv", "Samples of the function instead: a CSV file whose first two columns are x and y (x increasing).");
        var pulses = IntList("--pulses", [4, 8, 16, 32, 64], 1, "How many pulses, comma-separated.");
        var png = Png();
        var json = CommonOptions.Json();
        var command = new Command("approximate", "A function approximated by N square pulses (2N threshold units), with its error against N.")
        {
            function, csv, pulses, png, json,
        };
        command.SetAction(parse =>
        {
            var f = parse.GetValue(csv) is { } file ? FromCsv(file) : Function1.BuiltIn.Single(b => b.Name == parse.GetRequiredValue(function));
            var counts = parse.GetRequiredValue(pulses);
            var networks = counts.Select(n => Pulses.Approximate(f.F, f.A, f.B, n)).ToList();
            var errors = networks.Select(n => ApproximationError.Of(n, f.F, f.A, f.B, 10_000)).ToList();
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("function", f.Name);
                    w.WriteNumber("from", f.A);
                    w.WriteNumber("to", f.B);
                    w.WriteStartArray("rows");
                    for (int i = 0; i < counts.Count; i++)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("pulses", counts[i]);
                        w.WriteNumber("units", 2 * counts[i]);
                        w.WriteNumber("max_error", errors[i].Max);
                        w.WriteNumber("rms_error", errors[i].Rms);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            }
            else
            {
                output.Table($"{f.Name} on [{Output.Number(f.A)}, {Output.Number(f.B)}] by N pulses (error at 10000 points)",
                    ["pulses N", "threshold units", "max |error|", "RMS error"],
                    counts.Select((n, i) => (IReadOnlyList<string>)[Int(n), Int(2 * n), Output.Number(errors[i].Max), Output.Number(errors[i].Rms)]));
            }
            if (parse.GetValue(png) is { } path)
            {
                var (grid, truth) = Sample(null, f.A, f.B, 1001, f.F);
                var series = new List<(string, double[])> { (f.Name, truth) };
                for (int i = 0; i < counts.Count && i < 4; i++)
                    series.Add(($"{counts[i]} pulses", Sample(networks[i], f.A, f.B, 1001).Values));
                ConstructionPlot.Curves(path, $"{f.Name} by square pulses", "x", grid, series);
                output.Error.WriteLine($"wrote {path}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CylindersCommand()
    {
        var function = new Option<string>("--function")
        {
            Description = $"A built-in function of two inputs: {string.Join(", ", Function2.BuiltIn.Select(f => f.Name))}.",
            DefaultValueFactory = _ => "bump",
            HelpName = "NAME",
        };
        function.AcceptOnlyFromAmong([.. Function2.BuiltIn.Select(f => f.Name)]);
        var cells = IntList("--cells", [2, 4, 8, 16], 1, "Cylinders per side (K: K x K cylinders), comma-separated.");
        var sides = CommonOptions.Integer("--sides", 4, 3, "Sides of each threshold cylinder's base (4: the cells, which tile).");
        var png = Png();
        var json = CommonOptions.Json();
        var command = new Command("cylinders",
            "A function of two inputs as a sum of cylinders: threshold units (N per cylinder plus an AND) against one RBF unit per cylinder.")
        {
            function, cells, sides, png, json,
        };
        command.SetAction(parse =>
        {
            var f = Function2.BuiltIn.Single(b => b.Name == parse.GetRequiredValue(function));
            int n = parse.GetValue(sides);
            var counts = parse.GetRequiredValue(cells);
            if (counts.Any(k => k > 40))
                throw CliException.Usage("--cells: at most 40 per side (the RBF weights solve a K^2 x K^2 system)");
            var rows = new List<(int K, ApproximationError Threshold, ApproximationError Rbf)>();
            Network<double>? lastThreshold = null, lastRbf = null;
            foreach (int k in counts)
            {
                lastThreshold = Cylinders.Threshold(f.F, f.A, f.B, k, n);
                lastRbf = Cylinders.Rbf(f.F, f.A, f.B, k);
                rows.Add((k, ApproximationError.Of(lastThreshold, f.F, f.A, f.B, 120), ApproximationError.Of(lastRbf, f.F, f.A, f.B, 120)));
            }
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("function", f.Name);
                    w.WriteNumber("sides", n);
                    w.WriteStartArray("rows");
                    foreach (var (k, t, r) in rows)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("cylinders", k * k);
                        w.WriteNumber("threshold_units", k * k * (n + 1));
                        w.WriteNumber("threshold_max_error", t.Max);
                        w.WriteNumber("threshold_rms_error", t.Rms);
                        w.WriteNumber("rbf_units", k * k);
                        w.WriteNumber("rbf_max_error", r.Max);
                        w.WriteNumber("rbf_rms_error", r.Rms);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            }
            else
            {
                output.Table($"{f.Name} on [{Output.Number(f.A)}, {Output.Number(f.B)}]^2 as K x K cylinders (error on a 120 x 120 grid)",
                    ["cylinders", "threshold units", "max |error|", "RMS", "RBF units", "max |error|", "RMS"],
                    rows.Select(r => (IReadOnlyList<string>)[Int(r.K * r.K), Int(r.K * r.K * (n + 1)), Output.Number(r.Threshold.Max),
                        Output.Number(r.Threshold.Rms), Int(r.K * r.K), Output.Number(r.Rbf.Max), Output.Number(r.Rbf.Rms)]));
            }
            if (parse.GetValue(png) is { } path && lastThreshold is not null && lastRbf is not null)
            {
                // A slice through the middle of the square: x2 fixed, x1 across.
                double middle = (f.A + f.B) / 2 + (f.B - f.A) / (2.0 * counts[^1]) / 2;
                var (grid, truth) = Sample(null, f.A, f.B, 801, x => f.F(x, middle));
                var inputs = grid.SelectMany(x => new[] { x, middle }).ToArray();
                ConstructionPlot.Curves(path, $"{f.Name} at x2 = {Output.Number(middle)}: {counts[^1]} x {counts[^1]} cylinders", "x1", grid,
                    [(f.Name, truth), ("threshold cylinders", RegionCheck.Predict(lastThreshold, inputs, grid.Length)),
                     ("RBF units", RegionCheck.Predict(lastRbf, inputs, grid.Length))]);
                output.Error.WriteLine($"wrote {path}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Function1 FromCsv(string path)
    {
        var table = CsvReader.Read(path);
        if (table.Header.Count < 2)
            throw new DataException(table.FileName, 1, null, "expected at least two columns, x and y");
        var xs = TabularData.ReadFeatures(table, [table.Header[0]]);
        var ys = TabularData.ReadFeatures(table, [table.Header[1]]);
        try
        {
            return Function1.FromSamples(Path.GetFileName(path), xs, ys);
        }
        catch (ArgumentException e)
        {
            throw new DataException(table.FileName, null, 1, e.Message);
        }
    }

    private static (double[] Grid, double[] Values) Sample(Network<double>? network, double a, double b, int points,
        Func<double, double>? f = null)
    {
        var grid = new double[points];
        for (int i = 0; i < points; i++)
            grid[i] = a + i * (b - a) / (points - 1);
        return (grid, network is null ? grid.Select(f!).ToArray() : RegionCheck.Predict(network, grid, points));
    }

    private static void Draw(string? path, RegionCheck check, IReadOnlyList<HalfPlane> lines, IEnumerable<ConvexPolygon> polygons,
        IEnumerable<Circle> circles, string title, Output output)
    {
        if (path is null)
            return;
        ConstructionPlot.Region(path, check, lines, polygons, circles,
            lines.Count > ConstructionPlot.MostLines ? $"{title}\n(unit lines not drawn)" : title);
        output.Error.WriteLine($"wrote {path}");
    }

    private static void WriteCheck(Output output, RegionCheck check, string what) =>
        output.Out.WriteLine($"  agreement with {what}: {Output.Percent(check.Agreement)} of {check.Cells} grid cells " +
            $"({check.NetworkOnly} only in the network's region, {check.RegionOnly} only in the exact one)");

    private static void WriteCheck(System.Text.Json.Utf8JsonWriter w, RegionCheck check)
    {
        w.WriteNumber("cells", check.Cells);
        w.WriteNumber("agreeing", check.Agreeing);
        w.WriteNumber("agreement", check.Agreement);
        w.WriteNumber("network_only", check.NetworkOnly);
        w.WriteNumber("region_only", check.RegionOnly);
    }

    private static string Signed(double value) =>
        (value < 0 ? "- " : "+ ") + Output.Number(Math.Abs(value) < 1e-12 ? 0 : Math.Abs(value));

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Circle ParseCircle(string text)
    {
        var v = Numbers("--circle", text, 3);
        if (!(v[2] > 0))
            throw CliException.Usage($"--circle {text}: the radius must be positive");
        return new Circle(v[0], v[1], v[2]);
    }

    private static ConvexPolygon ParsePolygon(string option, string text)
    {
        var v = Numbers(option, text, 4);
        if (v[0] != Math.Floor(v[0]) || v[0] < 3 || v[0] > 100_000 || !(v[3] > 0))
            throw CliException.Usage($"{option} {text}: expected SIDES (3 or more),X,Y,APOTHEM (positive)");
        return ConvexPolygon.Regular((int)v[0], v[1], v[2], v[3]);
    }

    private static double[] Numbers(string option, string text, int count)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                throw CliException.Usage($"{option} takes {count} comma-separated numbers, not '{text}'");
        }
        if (values.Length != count)
            throw CliException.Usage($"{option} takes {count} comma-separated numbers, not '{text}'");
        return values;
    }

    private static Option<IReadOnlyList<int>> IntList(string name, int[] defaults, int minimum, string description) => new(name)
    {
        Description = description,
        HelpName = "N,N,...",
        DefaultValueFactory = _ => defaults,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            var values = new List<int>();
            foreach (string part in text.Split(','))
            {
                if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < minimum || n > 100_000)
                {
                    result.AddError($"{name} takes comma-separated whole numbers from {minimum} to 100000, not '{text}'.");
                    return null;
                }
                values.Add(n);
            }
            return values;
        },
    };
}
