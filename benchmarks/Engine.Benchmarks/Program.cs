using BenchmarkDotNet.Running;

namespace Engine.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["bytes-per-sample", ..])
            BytesPerSample.Run(args);
        else if (args is ["sketch-report", ..])
            SketchReport.Run(args);
        else if (args is ["rollup-report", ..])
            RollupReport.Run(args);
        else
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
