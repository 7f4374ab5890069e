namespace Engine.Storage;

/// <summary>
/// Bytes read from disk (or handed to a decoder) are not what their format promises. Carries
/// where the damage is so that an operator can find it; never used for our own bugs.
/// </summary>
public sealed class CorruptDataException : Exception
{
    public CorruptDataException(string message, string? file = null, long offset = -1)
        : base(Describe(message, file, offset))
    {
        File = file;
        Offset = offset;
    }

    public CorruptDataException()
    {
    }

    public CorruptDataException(string message) : this(message, null, -1)
    {
    }

    public CorruptDataException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The damaged file, when known.</summary>
    public string? File { get; }

    /// <summary>The byte offset of the damage within <see cref="File"/>, or -1.</summary>
    public long Offset { get; }

    /// <summary>Returns a copy of this error located in a file at an offset.</summary>
    public CorruptDataException At(string file, long offset) => new(BareMessage, file, offset);

    private string BareMessage => File is null && Offset < 0 ? Message : Message[(Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];

    private static string Describe(string message, string? file, long offset) =>
        file is null && offset < 0 ? message : $"{file ?? "<memory>"} @ offset {offset}: {message}";
}
