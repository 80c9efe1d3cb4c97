import ArgumentParser
import Foundation
import Strata
import StrataDiagnostics

/// `engine-bench ops-window`: the window family's kernels against raw BLAS of the same size.
struct WindowOpsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops-window",
        abstract: "Time ConvTranspose 2x2/2 [1, 64, 80, 80] -> [1, 32, 160, 160] against raw sgemm + a memcpy of the output, "
            + "and batched MatMul [8, 12, 64, 64] x [8, 12, 64, 64] against one sgemm of the same total size.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let repetitions = options.quick ? 10 : 60
        Threading.workers = options.threads
        let rows = [try convTranspose(repetitions: repetitions), try matMul(repetitions: repetitions)]
        if options.json { return try printJSON(rows) }
        print("Strata engine-bench ops-window: threads \(options.threads), median of \(repetitions) alternated runs")
        print("OpenBLAS core \(BLAS.coreName): \(BLAS.configuration)")
        for row in rows {
            print("\(row.name)\n  engine \(String(format: "%.3f", row.engine_ms)) ms (\(row.algorithm)), "
                + "raw \(String(format: "%.3f", row.raw_ms)) ms (\(row.raw)), ratio \(String(format: "%.3f", row.ratio))")
        }
    }

    /// The DBNet-style x2 head: the disjoint-block path (one GEMM per row panel, a scatter).
    func convTranspose(repetitions: Int) throws -> WindowBenchRow {
        var rng = SeededGenerator(seed: 1)
        let configuration = ConvTranspose2dConfiguration(inChannels: 64, outChannels: 32, kernel: 2, stride: 2)
        let op = try ConvTransposeOp(configuration, weight: try Tensor.uniform(configuration.weightDimensions, using: &rng),
                                     bias: try Tensor.uniform([32], using: &rng))
        let input = try Tensor.uniform([1, 64, 80, 80], using: &rng)
        try check(op, [input])
        let plan = try ConvTransposePlan(configuration: configuration, inputShape: input.shape, workers: options.threads)
        let (m, n, k) = (32 * 4, 80 * 80, 64)
        let gemm = try RawGemm(m: m, n: n, k: k, generator: &rng)
        var output = [Float](repeating: 0, count: plan.outputShape.elementCount)
        var copy = output
        var workspace = [Float](repeating: 0, count: max(1, plan.workspaceCount))
        let x = input.scalars, w = op.weight.scalars, b = op.bias!.scalars
        let (engine, raw) = medianSideBySide(repetitions: repetitions, {
            output.withUnsafeMutableBufferPointer { y in
                workspace.withUnsafeMutableBufferPointer { ws in
                    plan.execute(input: x, weights: w, bias: b, output: y.baseAddress!, workspace: ws.baseAddress)
                }
            }
        }, {
            BLAS.threads = options.threads
            gemm.run()
            BLAS.threads = 1
            copy.withUnsafeMutableBufferPointer { c in output.withUnsafeBufferPointer { c.baseAddress!.update(from: $0.baseAddress!, count: $0.count) } }
        })
        return WindowBenchRow(name: "ConvTranspose 2x2/2 [1, 64, 80, 80] -> [1, 32, 160, 160]", algorithm: plan.algorithm.rawValue,
                              raw: "sgemm M \(m) N \(n) K \(k) + memcpy of \(output.count) floats", engine_ms: engine, raw_ms: raw)
    }

    /// 96 independent 64x64x64 products (attention-style), one sgemm each over the workers.
    func matMul(repetitions: Int) throws -> WindowBenchRow {
        var rng = SeededGenerator(seed: 2)
        let a = try Tensor.uniform([8, 12, 64, 64], using: &rng), b = try Tensor.uniform([8, 12, 64, 64], using: &rng)
        try check(MatMulOp(), [a, b])
        let plan = try MatMulPlan(a: a.shape, b: b.shape, workers: options.threads)
        let (m, n, k) = (96 * 64, 64, 64)
        let gemm = try RawGemm(m: m, n: n, k: k, generator: &rng)
        var output = [Float](repeating: 0, count: plan.shapes.output.elementCount)
        let (x, y) = (a.scalars, b.scalars)
        let (engine, raw) = medianSideBySide(repetitions: repetitions, {
            output.withUnsafeMutableBufferPointer { plan.execute(a: x, b: y, output: $0.baseAddress!) }
        }, {
            BLAS.threads = options.threads
            gemm.run()
            BLAS.threads = 1
        })
        return WindowBenchRow(name: "MatMul [8, 12, 64, 64] x [8, 12, 64, 64]", algorithm: plan.strategy.rawValue,
                              raw: "one sgemm M \(m) N \(n) K \(k)", engine_ms: engine, raw_ms: raw)
    }

    /// The op through a compiled graph against the reference table, before timing.
    func check(_ op: any GraphOp, _ inputs: [Tensor]) throws {
        let b = try GraphBuilder(inputName: "x0", inputShape: inputs[0].shape.dimensions)
        var handles = [b.input]
        for (index, input) in inputs.enumerated().dropFirst() { handles.append(try b.addInput(name: "x\(index)", shape: input.shape.dimensions)) }
        let graph = try b.build(outputs: [try b.add(op, handles, name: "y")])
        let named = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ("x\($0.offset)", $0.element) })
        let actual = try graph.compiled(workers: options.threads).run(named)["y"]!
        let comparison = try actual.compared(with: try referenceOutput(of: op, inputs: inputs))
        guard comparison.relativeError <= 1e-5 else {
            throw ReferenceMismatch(description: "\(op.opName) disagrees with the reference: \(comparison)")
        }
    }
}

/// One measurement; the property names are the JSON keys.
struct WindowBenchRow: Encodable {
    let name: String
    let algorithm: String
    let raw: String
    let engine_ms: Double
    let raw_ms: Double
    var ratio: Double { engine_ms / raw_ms }

    enum CodingKeys: String, CodingKey { case name, algorithm, raw, engine_ms, raw_ms, ratio }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(algorithm, forKey: .algorithm); try c.encode(raw, forKey: .raw)
        try c.encode(engine_ms, forKey: .engine_ms); try c.encode(raw_ms, forKey: .raw_ms); try c.encode(ratio, forKey: .ratio)
    }
}
