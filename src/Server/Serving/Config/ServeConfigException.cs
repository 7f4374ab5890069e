namespace Engine.Server.Serving.Config;

/// <summary>A bad config file or flag: the message names the source and the key or value at fault.</summary>
internal sealed class ServeConfigException : Exception
{
    public ServeConfigException(string message) : base(message)
    {
    }

    public ServeConfigException(string message, Exception inner) : base(message, inner)
    {
    }

    public ServeConfigException()
    {
    }
}
