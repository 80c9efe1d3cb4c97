import ArgumentParser

/// `engine-bench`: throughput runs of the Strata engine, side by side with raw OpenBLAS.
@main
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine-bench",
        abstract: "Measure Strata's kernels against raw OpenBLAS sgemm on real network shapes.",
        subcommands: [
            ConvBench.self, ConvAlgorithmBench.self, WinogradTransformBench.self, DepthwiseBench.self, PointwiseBench.self,
            NetBench.self, NetAccuracy.self, OpsBench.self, WindowOpsBench.self, LayerNormBench.self, OverheadBench.self,
            ConcurrentBench.self, ExportWeights.self, TrainBench.self, CAPIBench.self,
        ])
}
