using System.Globalization;

namespace Engine.Server.Tests.Serving;

/// <summary>Waits on what the server reports about itself, instead of sleeping.</summary>
internal static class ServingProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    /// <summary>The value of an unlabelled (or first labelled) sample in /metrics.</summary>
    public static async Task<double> MetricAsync(ServerProcess server, string sample)
    {
        var text = await server.Http.GetStringAsync("/metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new Xunit.Sdk.XunitException($"/metrics has no sample {sample}:\n{text}");
    }

    /// <summary>
    /// Polls /metrics until the sample reaches at least <paramref name="atLeast"/>. The state polled is
    /// the server's own report, so the wait ends as soon as it holds; the pause only spares the 2 cores.
    /// </summary>
    public static async Task WaitForMetricAsync(ServerProcess server, string sample, double atLeast)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (await MetricAsync(server, sample) < atLeast)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
