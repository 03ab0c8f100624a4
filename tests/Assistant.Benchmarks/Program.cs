using Assistant.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// `dotnet run -c Release -- <command>`: quick Stopwatch-based measurements that print one table each;
// anything else goes to BenchmarkDotNet (e.g. `-- --filter '*'`).
switch (args.FirstOrDefault())
{
    case "bandwidth":
        Measurements.Bandwidth();
        break;
    case "memory":
        Measurements.Memory(args.Length > 1 ? args[1] : "None");
        break;
    case "latency":
        Measurements.Latency();
        break;
    case "recall":
        Measurements.Recall();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Measurements).Assembly).Run(args, new ShortInProcessConfig());
        break;
}
