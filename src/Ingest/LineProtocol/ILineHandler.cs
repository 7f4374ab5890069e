namespace Engine.Ingest.LineProtocol;

/// <summary>
/// Receives the outcome of every non-blank, non-comment line, in input order. Implement it on a struct
/// (or ref struct) and pass it by reference so the calls devirtualize and nothing allocates.
/// A <see cref="ParsedLine"/> is only valid during the call.
/// </summary>
public interface ILineHandler
{
    void OnLine(in ParsedLine line);

    void OnError(in LineProtocolError error);
}
