import Foundation
@testable import StrataONNX
import Testing

/// ReduceSum, ReduceProd and MatMul folded at import. Expected values: onnxruntime 1.32
/// (`Scripts/fold-expectations`, case names in the comments).
@Suite struct ONNXFoldingReduceTests {
    typealias F = ONNXModelFactory
    let matrix = F.float([2, 3], [1, 2, 3, 4, 5, 6])

    @Test func reduceSumAttributeAndInputForms() throws {
        // reducesum_attr_axes (opset 11: axes attribute)
        expect(try fold("ReduceSum", [matrix], attributes: ["axes": .ints([1]), "keepdims": .int(0)], opset: 11), .float, [2], floats: [6, 15])
        // reducesum_input_axes (opset 13: axes input, negative axis, keepdims default 1)
        expect(try fold("ReduceSum", [F.int64([2, 3], [1, 2, 3, 4, 5, 6]), F.int64([1], [-1])], opset: 13), .int64, [2, 1], ints: [6, 15])
        // reducesum_empty_noop: empty axes with noop_with_empty_axes = 1 is the identity
        expect(try fold("ReduceSum", [matrix, F.int64([0], [])], attributes: ["noop_with_empty_axes": .int(1)], opset: 13),
               .float, [2, 3], floats: [1, 2, 3, 4, 5, 6])
        // reducesum_empty_all: empty axes otherwise reduce everything
        expect(try fold("ReduceSum", [matrix, F.int64([0], [])], opset: 13), .float, [1, 1], floats: [21])
        // reducesum_absent_axes_keepdims0
        expect(try fold("ReduceSum", [matrix], attributes: ["keepdims": .int(0)], opset: 13), .float, [], floats: [21])
        // reducesum_scalar: a rank-0 input
        expect(try fold("ReduceSum", [F.int64([], [4])], opset: 13), .int64, [], ints: [4])
        // reducesum_zero_size: summing nothing gives 0
        expect(try fold("ReduceSum", [F.float([2, 0], [])], attributes: ["axes": .ints([1])], opset: 11), .float, [2, 1], floats: [0, 0])
    }

    @Test func reduceProdAttributeAndInputForms() throws {
        // reduceprod_attr_axes (opset 13 still has the attribute for ReduceProd)
        expect(try fold("ReduceProd", [F.int64([2, 3], [1, 2, 3, 4, 5, 6])], attributes: ["axes": .ints([0])], opset: 13),
               .int64, [1, 3], ints: [4, 10, 18])
        // reduceprod_input_zero_size (opset 18: axes input): the product of nothing is 1
        expect(try fold("ReduceProd", [F.int64([2, 0, 3], []), F.int64([1], [1])], attributes: ["keepdims": .int(0)], opset: 18),
               .int64, [2, 3], ints: [1, 1, 1, 1, 1, 1])
    }

    @Test func reduceMistakesAreNodeIssues() {
        FoldHarness.expectIssue(["axes [0, -2] name an axis twice"], "ReduceSum", [matrix, F.int64([2], [0, -2])], opset: 13)
        FoldHarness.expectIssue(["axes value 2 is out of range for rank 2"], "ReduceSum", [matrix, F.int64([1], [2])], opset: 13)
        // The input form's attribute is unknown to the attribute form, and the other way round.
        FoldHarness.expectIssue(["'noop_with_empty_axes' not supported"], "ReduceSum", [matrix], attributes: ["noop_with_empty_axes": .int(1)], opset: 11)
        FoldHarness.expectIssue(["'axes' not supported"], "ReduceProd", [matrix, F.int64([1], [0])], attributes: ["axes": .ints([0])], opset: 18)
        FoldHarness.expectIssue(["ReduceSum takes numeric", "BOOL"], "ReduceSum", [F.bool([1], [true])], opset: 13)
    }

    @Test func matMulFollowsNumpy() throws {
        // matmul_1d_2d: [3] · [3, 2] → [2]
        expect(try fold("MatMul", [F.float([3], [1, 2, 3]), F.float([3, 2], [1, 2, 3, 4, 5, 6])], opset: 13), .float, [2], floats: [22, 28])
        // matmul_2d_1d: [2, 3] · [3] → [2]
        expect(try fold("MatMul", [matrix, F.float([3], [1, 0, -1])], opset: 13), .float, [2], floats: [-2, -2])
        // matmul_1d_1d: a scalar
        expect(try fold("MatMul", [F.int64([3], [1, 2, 3]), F.int64([3], [4, 5, 6])], opset: 13), .int64, [], ints: [32])
        // matmul_batched: [2, 1, 2, 3] · [3, 3, 2] → [2, 3, 2, 2] (batch axes broadcast)
        let a = F.float([2, 1, 2, 3], (0..<12).map(Float.init)), b = F.float([3, 3, 2], (0..<18).map { Float($0) / 4 })
        expect(try fold("MatMul", [a, b], opset: 13), .float, [2, 3, 2, 2], floats: [
            2.5, 3.25, 7, 10, 7, 7.75, 25, 28, 11.5, 12.25, 43, 46,
            11.5, 16.75, 16, 23.5, 43, 48.25, 61, 68.5, 74.5, 79.75, 106, 113.5,
        ])
        // matmul_int64
        expect(try fold("MatMul", [F.int64([2, 2], [1, -2, 3, 4]), F.int64([2, 1], [5, 6])], opset: 13), .int64, [2, 1], ints: [-7, 39])
    }

    @Test func matMulMistakesAreNodeIssues() {
        FoldHarness.expectIssue(["MatMul of A [2, 3] and B [2]", "last axis (3)", "only axis (2)"], "MatMul", [matrix, F.float([2], [1, 2])], opset: 13)
        FoldHarness.expectIssue(["rank 1 or more"], "MatMul", [F.float([], [1]), F.float([1], [2])], opset: 13)
        FoldHarness.expectIssue(["do not broadcast"], "MatMul", [F.float([2, 1, 1], [1, 2]), F.float([3, 1, 1], [1, 2, 3])], opset: 13)
    }
}
