import Foundation
import Strata
@testable import StrataONNX
import Testing

/// Hostile constants and attributes for every op that folds: each import must succeed or
/// throw an ``ONNXImportError``; a trap (overflow, out-of-range index, a huge allocation)
/// would crash the test process.
@Suite struct ONNXFoldingHostileTests {
    typealias F = ONNXModelFactory

    /// Every op that folds, with its usual input count.
    static let arity: [String: Int] = [
        "Add": 2, "Sub": 2, "Mul": 2, "Div": 2, "Equal": 2, "Less": 2, "Greater": 2, "LessOrEqual": 2, "GreaterOrEqual": 2,
        "And": 2, "Or": 2, "Sum": 3, "Min": 2, "Max": 3, "Mod": 2, "Neg": 1, "Abs": 1, "Floor": 1, "Ceil": 1, "Sqrt": 1, "Not": 1,
        "Cast": 1, "ReduceSum": 2, "ReduceProd": 2, "MatMul": 2, "Transpose": 1, "Slice": 5, "Range": 3, "ConstantOfShape": 1,
        "Expand": 2, "Tile": 2, "Where": 3, "Gather": 2, "Concat": 3, "Reshape": 2, "Squeeze": 2, "Unsqueeze": 2, "Flatten": 1,
        "Shape": 1, "Size": 1, "Identity": 1, "Dropout": 1, "DequantizeLinear": 3,
    ]
    static let ops = arity.keys.sorted()

    static let extremes: [Int64] = [0, 1, -1, 2, 3, -3, 1 << 31, 1 << 40, 1 << 62, .max, .min, .max - 1, .min + 1]

    /// Hostile constants: INT64 extremes (scalars, 1-D), NaN, infinities and huge floats,
    /// odd types, a rank-9 tensor, and an empty tensor whose other sizes overflow Int.
    static let integers: [Onnx_TensorProto] = extremes.map { F.int64([], [$0]) } + extremes.map { F.int64([1], [$0]) } + [
        F.int64([2], [.max, .min]), F.int64([0], []), F.int64([2], [-1, 2]), F.int64([2], [1 << 31, 1 << 31]),
        F.int64([3], [1 << 21, 1 << 21, 0]), F.int64([4], [-1, -1, 2, 0]), F.int64([2, 2], [0, 1, 1, 0]), F.int64([3], [2, 1, 2]),
    ]
    static let floats: [Onnx_TensorProto] = [Float.nan, .infinity, -.infinity, 1e30, -2.7, 0, 3].map { F.float([], [$0]) } + [
        F.float([2, 3], [1, 2, 3, 4, 5, 6]), F.float([3], [.nan, -1, 1e38]), F.float([0, 2], []), F.float([3, 2], [1, 2, 3, 4, 5, 6]),
        F.float([1, 1, 1, 1, 1, 1, 1, 1, 1], [5]), F.float([2, 1, 1], [1, 2]),
        F.tensor("", .float, dims: [2_147_483_647, 2_147_483_647, 2_147_483_647, 0], floats: []),
    ]
    static let others: [Onnx_TensorProto] = [
        F.bool([2], [true, false]), F.bool([], [false]), F.typed(.int32, [2], ints: [Int64(Int32.min), -1]),
        F.typed(.uint64, [1], ints: [-1]), F.typed(.uint8, [2], ints: [255, 0]), F.typed(.float16, [1], floats: [65504]),
        F.typed(.int8, [2, 1], ints: [-128, 127]), F.typed(.int32, [], ints: [0]), F.typed(.int32, [], ints: [Int64(Int32.max)]),
    ]
    static let tensors = integers + floats + others

    static func attributes(_ rng: inout SeededGenerator) -> [String: F.Attribute] {
        var result: [String: F.Attribute] = [:]
        let pick = { (rng: inout SeededGenerator) in extremes.randomElement(using: &rng)! }
        for name in ["axis", "to", "fmod", "keepdims", "noop_with_empty_axes", "allowzero", "start", "end"] where Int.random(in: 0..<6, using: &rng) == 0 {
            result[name] = .int(Bool.random(using: &rng) ? pick(&rng) : Int64.random(in: -2...16, using: &rng))
        }
        for name in ["axes", "perm", "starts", "ends"] where Int.random(in: 0..<6, using: &rng) == 0 {
            result[name] = .ints((0..<Int.random(in: 0...3, using: &rng)).map { _ in Bool.random(using: &rng) ? pick(&rng) : Int64.random(in: -3...3, using: &rng) })
        }
        if Int.random(in: 0..<8, using: &rng) == 0 { result["value"] = .tensor(tensors.randomElement(using: &rng)!) }
        return result
    }

    @Test(arguments: ops) func hostileInputsNeverCrash(op: String) throws {
        var rng = SeededGenerator(seed: UInt64(op.unicodeScalars.reduce(0) { $0 &* 31 &+ Int($1.value) }.magnitude))
        for _ in 0..<200 {
            // Mostly the op's input count and one family of types, so that folds get past
            // their type checks; sometimes anything.
            let count = Int.random(in: 0..<5, using: &rng) == 0 ? Int.random(in: 0...5, using: &rng) : Self.arity[op]!
            let pool = [Self.integers, Self.integers, Self.floats, Self.others, Self.tensors].randomElement(using: &rng)!
            let inputs = (0..<count).map { _ in
                Int.random(in: 0..<12, using: &rng) == 0 ? nil : pool.randomElement(using: &rng)!
            }
            let opset = [9, 11, 13, 17, 18, 22].randomElement(using: &rng)!
            var attributes = Bool.random(using: &rng) ? Self.attributes(&rng) : [:]
            if op == "Cast", attributes["to"] == nil { attributes["to"] = .int(Int64.random(in: 0...17, using: &rng)) }
            let model = FoldHarness.model(op, inputs, attributes: attributes, opset: Int64(opset))
            do {
                _ = try ONNXImporter.load(bytes: F.bytes(model)).graph()
            } catch is ONNXImportError {
            } catch let error as GraphError {
                Issue.record("\(op): a GraphError instead of an ONNXImportError: \(error)")
            }
        }
    }
}
