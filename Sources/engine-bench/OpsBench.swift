import ArgumentParser
import Foundation
import Strata

/// `engine-bench ops`: single operators on feature-map shapes, each against a plain memory
/// copy of its output bytes (the floor for an op that writes that much). Owned by the
/// resampling family; other families may append their cases to `opsBenchCases`.
struct OpsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "Time single ops (Resize x2 nearest and bilinear, ...) against a memcpy of the same output bytes.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let repetitions = options.quick ? 20 : 100
        var rows: [OpsBenchRow] = []
        for benchCase in opsBenchCases {
            rows.append(try measure(benchCase, repetitions: repetitions))
        }
        if options.json { return try printJSON(rows) }
        print("Strata engine-bench ops: threads \(options.threads), median of \(repetitions) runs; ratio = op / memcpy of the output")
        print("op".padding(toLength: 40, withPad: " ", startingAt: 0) + "input".padding(toLength: 18, withPad: " ", startingAt: 0)
              + "     op ms   copy ms   ratio")
        for row in rows {
            print(row.name.padding(toLength: 40, withPad: " ", startingAt: 0)
                  + "\(row.input)".padding(toLength: 18, withPad: " ", startingAt: 0)
                  + String(format: "%10.3f%10.3f%8.2f", row.op_ms, row.copy_ms, row.ratio))
        }
    }

    func measure(_ benchCase: OpsBenchCase, repetitions: Int) throws -> OpsBenchRow {
        var rng = SeededGenerator(seed: 1)
        let input = try Tensor.uniform(benchCase.input, low: -1, high: 1, using: &rng)
        let output = try benchCase.op.outputShape(for: [input.shape])
        let plan = try benchCase.op.plan(inputs: [input.shape], output: output, workers: options.threads)
        let count = output.elementCount
        let y = UnsafeMutablePointer<Float>.allocate(capacity: count), copy = UnsafeMutablePointer<Float>.allocate(capacity: count)
        let source = UnsafeMutablePointer<Float>.allocate(capacity: count)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: max(plan.workspaceCount, 1))
        defer { [y, copy, source, workspace].forEach { $0.deallocate() } }
        source.initialize(repeating: 1, count: count)
        y.initialize(repeating: 0, count: count)
        copy.initialize(repeating: 0, count: count)
        let (opMs, copyMs) = input.scalars.withUnsafeBufferPointer { x in
            let inputs = [UnsafePointer(x.baseAddress!)]
            return inputs.withUnsafeBufferPointer { pointers in
                medianSideBySide(repetitions: repetitions, settleSeconds: 0,
                                 { plan.execute(inputs: pointers, output: y, workspace: workspace) },
                                 { memcpy(copy, source, count * MemoryLayout<Float>.stride) })
            }
        }
        return OpsBenchRow(name: benchCase.name, input: benchCase.input, output: output.dimensions,
                           op_ms: opMs, copy_ms: copyMs, ratio: opMs / copyMs)
    }
}

struct OpsBenchCase {
    let name: String
    let op: any GraphOp
    let input: [Int]
}

/// The feature pyramid's x2 nearest (PyTorch's export: asymmetric + floor) and the
/// segmentation head's x2 bilinear (half_pixel), on a YOLO-sized and an FPN-sized map.
let opsBenchCases: [OpsBenchCase] = [[1, 64, 80, 80], [1, 256, 40, 40]].flatMap { input in
    [
        OpsBenchCase(name: "Resize x2 nearest (asymmetric, floor)",
                     op: ResizeOp(ResizeConfiguration(mode: .nearest, coordinates: .asymmetric, nearest: .floor,
                                                      target: .scales([2, 2]), axes: [2, 3])), input: input),
        OpsBenchCase(name: "Resize x2 bilinear (half_pixel)",
                     op: ResizeOp(ResizeConfiguration(mode: .linear, target: .scales([2, 2]), axes: [2, 3])), input: input),
        OpsBenchCase(name: "Resize x2 bilinear (align_corners)",
                     op: ResizeOp(ResizeConfiguration(mode: .linear, coordinates: .alignCorners, target: .scales([2, 2]),
                                                      axes: [2, 3])), input: input),
    ]
}

/// One line of the table; the property names are the JSON keys.
struct OpsBenchRow: Encodable {
    let name: String
    let input: [Int]
    let output: [Int]
    let op_ms: Double
    let copy_ms: Double
    let ratio: Double
}
