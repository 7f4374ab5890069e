namespace Engine.Storage.Segments;

/// <summary>A sealed chunk held in memory until a checkpoint writes it to a segment file.</summary>
internal sealed record EncodedChunk(uint SeriesId, int Day, long MinTime, long MaxTime, int Count, byte[] Bytes);
