import ArgumentParser
import CStrataAPI
import Foundation
import Strata
import StrataC

/// `engine-bench c-api`: what a call through the C API (strata.h) costs over the Swift API,
/// on one model in one process: Swift's `Model.run` and C's `strata_model_run` (through
/// its C declaration, as a C program calls it) timed in alternating blocks.
struct CAPIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "c-api",
        abstract: "Time Model.run (Swift) against strata_model_run (C) on a built-in model, side by side.")

    @Option(help: "Built-in model (seeded weights, seed 1, as `strata run`).")
    var model = "seednet"

    @Option(help: "Batch.")
    var batch = 1

    @Option(help: "Threads for both (>= 1).")
    var threads = 1

    @Option(help: "Timed runs of each (>= 10).")
    var runs = 2000

    @Flag(help: "Print one line: swift-run-us SWIFT c-run-us C.")
    var machine = false

    func run() throws {
        guard threads >= 1, runs >= 10, batch >= 1 else { throw ValidationError("--threads >= 1, --runs >= 10, --batch >= 1") }
        let size = ModelZoo.defaultInputSize(model)
        let shape = [batch, ModelZoo.inputChannels(model), size, size]
        let swiftModel = Model(try ModelZoo.build(model, inputSize: size, classes: nil, batch: batch, seed: 1))
        let context = try ExecutionContext(threads: threads)
        var options = strata_options_default()
        options.threads = Int32(threads)
        options.batch = Int64(batch)
        var handle: OpaquePointer?
        guard strata_model_create_from_file(model, &options, &handle) == STRATA_OK, let handle else {
            throw ValidationError("the C API could not make \(model): \(String(cString: strata_last_error()))")
        }
        defer { _ = strata_model_release(handle) }

        var generator = SystemRandomNumberGenerator()
        let values = (0..<shape.reduce(1, *)).map { _ in Float.random(in: 0..<1, using: &generator) }
        let input = try Tensor(shape: shape, values: values)
        let name = swiftModel.inputs[0].name
        let outputName = swiftModel.outputNames[0]
        let classes = try swiftModel.run([name: input], context: context)[outputName]!.elementCount
        var output = [Float](repeating: 0, count: classes)
        let dims = shape.map(Int64.init)
        var failure: strata_status = STRATA_OK

        let cRun = {
            values.withUnsafeBufferPointer { data in
                dims.withUnsafeBufferPointer { dims in
                    output.withUnsafeMutableBufferPointer { out in
                        var cInput = strata_input(name: nil, data: data.baseAddress, rank: dims.count, shape: dims.baseAddress)
                        var cOutput = strata_output()
                        cOutput.data = out.baseAddress
                        cOutput.capacity = out.count
                        let status = strata_model_run(handle, &cInput, 1, &cOutput, 1)
                        if status != STRATA_OK { failure = status }
                    }
                }
            }
        }
        let swiftRun = { _ = try? swiftModel.run([name: input], context: context) }
        let (swift, c) = medianSideBySide(repetitions: runs, blockSize: 50, settleSeconds: 0, swiftRun, cRun)
        guard failure == STRATA_OK else {
            throw ValidationError("strata_model_run failed: \(String(cString: strata_last_error()))")
        }
        if machine {
            print(String(format: "swift-run-us %.2f c-run-us %.2f", swift * 1e3, c * 1e3))
        } else {
            print("OpenBLAS core \(BLAS.coreName); \(model) batch \(batch), \(threads) thread(s), median of \(runs) runs each")
            print(String(format: "Swift Model.run %.1f us, C strata_model_run %.1f us: C/Swift %.3fx", swift * 1e3, c * 1e3, c / swift))
        }
    }
}
