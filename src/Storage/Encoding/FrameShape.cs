namespace Engine.Storage.Encoding;

/// <summary>
/// How a column's residuals fall into its frames: each frame of <see cref="Frames.Size"/> samples
/// starts with <see cref="Restarts"/> values kept in the column's restart list (a first value, and
/// for timestamps a first delta), and codes a residual for each of its other samples. Residuals
/// are stored frame after frame.
/// </summary>
internal readonly record struct FrameShape(int Samples, int Restarts)
{
    public int FrameCount => Frames.Count(Samples);

    public int ResidualCount(int frame) => Math.Max(0, Frames.Length(frame, Samples) - Restarts);

    /// <summary>Index of the frame's first residual among all of the column's residuals.</summary>
    public int ResidualStart(int frame) => frame * (Frames.Size - Restarts);

    public int TotalResiduals => FrameCount == 0 ? 0 : ResidualStart(FrameCount - 1) + ResidualCount(FrameCount - 1);

    /// <summary>Whether sample <paramref name="index"/> is a restart value rather than a residual.</summary>
    public bool IsRestart(int index) => index % Frames.Size < Restarts;
}
