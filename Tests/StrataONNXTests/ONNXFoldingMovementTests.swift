import Foundation
@testable import StrataONNX
import Testing

/// Transpose and Slice folded at import. Expected values: onnxruntime 1.32
/// (`Scripts/fold-expectations`, case names in the comments).
@Suite struct ONNXFoldingMovementTests {
    typealias F = ONNXModelFactory
    let digits = F.int64([10], Array(0..<10))

    @Test func transposeAnyRank() throws {
        // transpose_default: perm reversed
        expect(try fold("Transpose", [F.int64([2, 3, 4], Array(0..<24))], opset: 13), .int64, [4, 3, 2],
               ints: [0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23])
        // transpose_perm
        expect(try fold("Transpose", [F.float([2, 3, 4], (0..<24).map(Float.init))], attributes: ["perm": .ints([1, 0, 2])], opset: 13),
               .float, [3, 2, 4], floats: [0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23])
        // transpose_scalar
        expect(try fold("Transpose", [F.int64([], [7])], opset: 13), .int64, [], ints: [7])
        FoldHarness.expectIssue(["perm [0, 0] is not a permutation of the 2 axes of data [2, 3]"], "Transpose",
                                [F.float([2, 3], [1, 2, 3, 4, 5, 6])], attributes: ["perm": .ints([0, 0])], opset: 13)
    }

    /// Slice with one axis of 0...9: starts, ends, axes, steps as inputs (opset 13).
    func slice(_ start: Int64, _ end: Int64, step: Int64? = nil) throws -> ONNXConstant {
        let steps = step.map { [F.int64([1], [0]), F.int64([1], [$0])] } ?? []
        return try fold("Slice", [digits, F.int64([1], [start]), F.int64([1], [end])] + steps, opset: 13)
    }

    @Test func sliceClampsAsTheSpecSays() throws {
        expect(try slice(2, .max), .int64, [8], ints: [2, 3, 4, 5, 6, 7, 8, 9])                                    // slice_int64_max_end
        expect(try slice(.max, .min, step: -1), .int64, [10], ints: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])               // slice_reverse_all
        expect(try slice(-3, -100, step: -2), .int64, [4], ints: [7, 5, 3, 1])                                    // slice_negative_step2
        expect(try slice(.min, 3), .int64, [3], ints: [0, 1, 2])                                                   // slice_int64_min_start
        expect(try slice(8, 1, step: .min), .int64, [1], ints: [8])                                                // slice_step_int64_min
        expect(try slice(20, 0, step: -3), .int64, [3], ints: [9, 6, 3])                                           // slice_start_past_end_negative_step
        expect(try slice(5, 5), .int64, [0], ints: [])                                                             // slice_empty
    }

    @Test func sliceSeveralAxesAndTheAttributeForm() throws {
        let grid = F.float([3, 4], (0..<12).map(Float.init))
        // slice_2d_axes_steps: rows 0, 2; columns from the last down to 1 by -2
        let value = try fold("Slice", [grid, F.int64([2], [0, -1]), F.int64([2], [3, 0]), F.int64([2], [0, -1]), F.int64([2], [2, -2])], opset: 13)
        expect(value, .float, [2, 2], floats: [3, 1, 11, 9])
        // slice_opset1: starts, ends, axes attributes
        let old = try fold("Slice", [grid], attributes: ["starts": .ints([1, -3]), "ends": .ints([1000, -1]), "axes": .ints([0, 1])], opset: 9)
        expect(old, .float, [2, 2], floats: [5, 6, 9, 10])
        // An omitted axes input (skipped as "") with steps.
        expect(try fold("Slice", [digits, F.int64([1], [1]), F.int64([1], [8]), nil, F.int64([1], [3])], opset: 13), .int64, [3], ints: [1, 4, 7])
    }

    @Test func sliceMistakesAreNodeIssues() {
        FoldHarness.expectIssue(["steps [0] hold 0 for axis 0"], "Slice", [digits, F.int64([1], [0]), F.int64([1], [5]), F.int64([1], [0]), F.int64([1], [0])], opset: 13)
        FoldHarness.expectIssue(["axes [0, -1] name axis 0 twice"], "Slice",
                                [digits, F.int64([2], [0, 1]), F.int64([2], [5, 6]), F.int64([2], [0, -1])], opset: 13)
        FoldHarness.expectIssue(["must have one length"], "Slice", [digits, F.int64([2], [0, 1]), F.int64([1], [5])], opset: 13)
        FoldHarness.expectIssue(["starts must be an integer tensor", "FLOAT"], "Slice", [digits, F.float([1], [0]), F.int64([1], [5])], opset: 13)
        FoldHarness.expectIssue(["attributes starts and ends are required"], "Slice", [digits], opset: 9)
    }
}
