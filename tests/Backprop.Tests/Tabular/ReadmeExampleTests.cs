using Backprop.Data;
using Backprop.Persistence;
using Backprop.Tabular;

namespace Backprop.Tests.Tabular;

public class ReadmeExampleTests
{
    // The README's library example, statement for statement (only the data path and the model folder differ).
    [Fact]
    public void TheReadmeExampleRunsInAtMostTenStatements()
    {
        string modelPath = Path.Combine(Path.GetTempPath(), $"penguins-{Guid.NewGuid():N}.bpmodel");
        try
        {
            CsvTable table = CsvReader.Read(Path.Combine(AppContext.BaseDirectory, "data", "penguins.csv"));
            TabularFit fit = TabularModel.Fit(table, "Species");
            ModelFile.Save(fit.Model, modelPath);
            Model model = ModelFile.Load(modelPath);
            Prediction p = model.Predict(new Dictionary<string, string> { ["Island"] = "Biscoe", ["Beak Length (mm)"] = "48.6", ["Sex"] = "NA" });
            string line = $"{p.Class}: {p.Probabilities[p.Class!]:P1}, test accuracy {fit.TestClassification!.Accuracy:P1}";

            // Biscoe with a long beak: a Gentoo (the only species on Biscoe with beaks that long).
            Assert.Equal("Gentoo", p.Class);
            Assert.StartsWith("Gentoo: ", line);
            Assert.True(fit.TestClassification.Accuracy >= 0.95, line);
            Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], model.Schema.Classes);
        }
        finally
        {
            File.Delete(modelPath);
        }
    }

    [Fact]
    public void TheReadmeShowsTheSameStatements()
    {
        string readme = File.ReadAllText(FindReadme());
        Assert.Contains("CsvTable table = CsvReader.Read(\"data/penguins.csv\");", readme);
        Assert.Contains("TabularFit fit = TabularModel.Fit(table, \"Species\");", readme);
        Assert.Contains("ModelFile.Save(fit.Model, \"penguins.bpmodel\");", readme);
        Assert.Contains("Model model = ModelFile.Load(\"penguins.bpmodel\");", readme);
        Assert.Contains("Prediction p = model.Predict(new Dictionary<string, string> { [\"Island\"] = \"Biscoe\", [\"Beak Length (mm)\"] = \"48.6\", [\"Sex\"] = \"NA\" });", readme);
        Assert.Contains("Console.WriteLine($\"{p.Class}: {p.Probabilities[p.Class!]:P1}, test accuracy {fit.TestClassification!.Accuracy:P1}\");", readme);
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(path) && Directory.Exists(Path.Combine(dir.FullName, "src", "Backprop")))
                return path;
        }
        throw new FileNotFoundException("README.md above the test folder");
    }
}
