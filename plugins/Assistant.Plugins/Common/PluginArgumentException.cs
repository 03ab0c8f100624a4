namespace Assistant.Plugins.Common;

/// <summary>
/// An argument of a plugin call rejected before any model call. The message starts with the argument's name
/// ("text: the text is empty") and has no "(Parameter …)" tail, so a surface can print it as is.
/// </summary>
/// <param name="message">What is wrong, starting with the argument's name.</param>
/// <param name="paramName">The argument at fault.</param>
public sealed class PluginArgumentException(string message, string paramName) : ArgumentException(message, paramName)
{
    private readonly string _message = message;

    /// <inheritdoc />
    public override string Message => _message;
}

/// <summary>A function that cannot work without a chat model was called on a kernel that has none.</summary>
/// <param name="function">What was asked ("translate").</param>
public sealed class ModelRequiredException(string function) : InvalidOperationException(
    $"{function} needs a chat model and none is configured: set Models:DefaultChat to a profile in appsettings.json " +
    "(or ASSISTANT_Models__DefaultChat), or pass --model PROFILE; 'assistant models' lists the profiles.");

/// <summary>A model's reply that is still unusable after the one repair retry.</summary>
/// <param name="message">What was wrong with the last reply.</param>
public sealed class PluginModelOutputException(string message) : InvalidOperationException(message);
