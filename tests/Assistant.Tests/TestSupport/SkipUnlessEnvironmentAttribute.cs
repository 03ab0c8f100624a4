using Xunit.Abstractions;
using Xunit.Sdk;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// On a test class: its [StoreFact] tests (including inherited ones) are reported as skipped, with the reason
/// "&lt;VARIABLE&gt; not set", when the environment variable is missing. xunit 2.9 cannot skip at run time, so the
/// decision is made at discovery, per concrete class: a contract suite's SQLite subclass runs, its Qdrant
/// subclass skips visibly when no server is configured.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SkipUnlessEnvironmentAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}

/// <summary>A [Fact] that honours [SkipUnlessEnvironment] on the concrete test class.</summary>
[XunitTestCaseDiscoverer("Assistant.Tests.TestSupport.StoreFactDiscoverer", "Assistant.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var variable = testMethod.TestClass.Class.GetCustomAttributes(typeof(SkipUnlessEnvironmentAttribute))
            .Select(a => a.GetConstructorArguments().FirstOrDefault() as string)
            .FirstOrDefault(v => v is not null);
        if (variable is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            return new EnvironmentSkippedTestCase(
                variable + " not set", DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}

public sealed class EnvironmentSkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public EnvironmentSkippedTestCase()
    {
    }

    public EnvironmentSkippedTestCase(string reason, IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
        _reason = reason;
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReasonText", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("SkipReasonText");
        base.Deserialize(data);
    }
}
