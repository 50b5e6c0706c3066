using Xunit.Abstractions;
using Xunit.Sdk;

namespace Backprop.Package.Tests;

/// <summary>
/// Prints each step of these minute-long tests as it happens (xunit diagnostic messages, on in xunit.runner.json),
/// so `dotnet test` does not sit silent; ITestOutputHelper would only show them at the end.
/// </summary>
public sealed class Progress(IMessageSink sink)
{
    public void Report(string message) => sink.OnMessage(new DiagnosticMessage($"[package] {message}"));
}

/// <summary>Both test classes share one progress sink.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<Progress>
{
    public const string Name = "package";
}
