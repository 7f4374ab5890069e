using System.CommandLine;
using System.Diagnostics;
using Engine.Ingest.LineProtocol;
using Engine.Ingest.Writing;
using Engine.Storage;
using Spectre.Console;

namespace Engine.Server.Cli;

/// <summary><c>engine import FILE|-</c>: loads line protocol into a data folder.</summary>
internal static class ImportCommand
{
    private const int BufferBytes = 4 << 20;
    private const int ErrorsShown = 10;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "line protocol file, or - for standard input" };
        var data = CliOptions.Data();
        var precision = CliOptions.Precision();
        var command = new Command("import", "Load line protocol from a file or standard input") { file, data, precision };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(data)!, parse.GetValue(precision)));
        return command;
    }

    private static int Run(string file, string data, TimestampPrecision precision)
    {
        using var input = file == "-" ? Console.OpenStandardInput() : File.OpenRead(file);
        var stopwatch = Stopwatch.StartNew();
        IngestResult result;
        using (var storage = StorageEngine.Open(data))
        {
            var ingestor = new LineProtocolIngestor(storage, LineProtocolOptions.Default with { Precision = precision });
            var length = input.CanSeek ? input.Length : 0;
            if (length > 0 && !Console.IsOutputRedirected)
            {
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask($"importing {Path.GetFileName(file)}", maxValue: length);
                        Pump(input, ingestor, read => task.Increment(read));
                    });
            }
            else
            {
                Pump(input, ingestor, _ => { });
            }

            result = ingestor.Complete();
        }

        stopwatch.Stop();
        Report(result, stopwatch.Elapsed);
        return result.HasErrors ? 1 : 0;
    }

    /// <summary>Streams the input through the ingestor; a line split between two reads is re-presented whole.</summary>
    private static void Pump(Stream input, LineProtocolIngestor ingestor, Action<int> progress)
    {
        var buffer = new byte[BufferBytes];
        var filled = 0;
        while (true)
        {
            var read = input.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var final = read == 0;
            var consumed = ingestor.Ingest(buffer.AsSpan(0, filled), final);
            progress(read);
            if (final)
            {
                return;
            }

            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer
            }
        }
    }

    private static void Report(IngestResult result, TimeSpan elapsed)
    {
        var rate = result.SamplesAccepted / Math.Max(elapsed.TotalSeconds, 1e-9);
        Console.WriteLine($"imported {result.PointsAccepted:N0} points ({result.SamplesAccepted:N0} samples) in {elapsed.TotalSeconds:F2} s, " +
                          $"{rate:N0} samples/s; {result.LinesRejected:N0} lines rejected");
        foreach (var error in result.Errors.Take(ErrorsShown))
        {
            Console.Error.WriteLine($"  {error}");
        }

        if (result.LinesRejected > ErrorsShown)
        {
            Console.Error.WriteLine($"  ... and {result.LinesRejected - ErrorsShown:N0} more");
        }
    }
}
