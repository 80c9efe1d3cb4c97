import Foundation
@testable import StrataONNX
import Testing

/// Broadcasting binary ops folded at import. Expected values: onnxruntime 1.32
/// (`Scripts/fold-expectations`, case names in the comments).
@Suite struct ONNXFoldingArithmeticTests {
    typealias F = ONNXModelFactory
    @Test func arithmeticBroadcastsAtAnyRank() throws {
        // add_broadcast_int64
        expect(try fold("Add", [F.int64([2, 3], [0, 1, 2, 3, 4, 5]), F.int64([3], [10, 20, 30])]),
               .int64, [2, 3], ints: [10, 21, 32, 13, 24, 35])
        // sub_scalar_float: a rank-0 scalar minus a vector
        expect(try fold("Sub", [F.float([], [1.5]), F.float([2], [0.25, -2])]), .float, [2], floats: [1.25, 3.5])
        // add_rank8: [1,1,1,1,1,1,2,1] + [3]
        expect(try fold("Add", [F.float([1, 1, 1, 1, 1, 1, 2, 1], [0, 1]), F.float([3], [10, 20, 30])]),
               .float, [1, 1, 1, 1, 1, 1, 2, 3], floats: [10, 20, 30, 11, 21, 31])
        // Two scalars give a scalar.
        expect(try fold("Mul", [F.int64([], [6]), F.int64([], [7])]), .int64, [], ints: [42])
    }

    @Test func integerMathWrapsAndTruncates() throws {
        // mul_int32_wraps
        let int32 = try fold("Mul", [F.typed(.int32, [2], ints: [2_147_483_647, -3]), F.typed(.int32, [1], ints: [2])])
        expect(int32, .int32, [2], ints: [-2, -6])
        // div_int_truncates: toward zero, as C and onnxruntime
        expect(try fold("Div", [F.int64([5], [-7, 7, -7, 7, 0]), F.int64([5], [3, -3, -3, 3, 5])]),
               .int64, [5], ints: [-2, -2, 2, 2, 0])
        // INT64 overflow wraps (onnxruntime: the same two's-complement results).
        expect(try fold("Add", [F.int64([1], [Int64.max]), F.int64([1], [1])]), .int64, [1], ints: [Int64.min])
        expect(try fold("Div", [F.int64([1], [Int64.min]), F.int64([1], [-1])]), .int64, [1], ints: [Int64.min])
    }

    @Test func floatMathIsFloat32AndRoundsToTheType() throws {
        // div_float_by_zero
        expect(try fold("Div", [F.float([3], [1, -1, 0]), F.float([1], [0])]),
               .float, [3], floats: [.infinity, -.infinity, .nan])
        // add_float16_rounds: 1 + 0.0004 and 2048 + 1 round back in FLOAT16
        let half = try fold("Add", [F.typed(.float16, [2], floats: [1, 2048]), F.typed(.float16, [2], floats: [0.0004, 1])])
        expect(half, .float16, [2], floats: [1, 2048])
    }

    @Test func comparisonsAndLogicGiveBool() throws {
        // equal_float_nan
        expect(try fold("Equal", [F.float([3], [.nan, 1, 2]), F.float([3], [.nan, 1, 3])]),
               .bool, [3], ints: [0, 1, 0])
        // less_broadcast: [2, 1] < [3]
        expect(try fold("Less", [F.int64([2, 1], [1, 5]), F.int64([3], [2, 5, 9])]),
               .bool, [2, 3], ints: [1, 1, 1, 0, 0, 1])
        // greater_scalar
        expect(try fold("Greater", [F.float([3], [1, 2, 3]), F.float([], [2])]), .bool, [3], ints: [0, 0, 1])
        // less_or_equal, greater_or_equal
        expect(try fold("LessOrEqual", [F.int64([3], [1, 2, 3]), F.int64([1], [2])]), .bool, [3], ints: [1, 1, 0])
        expect(try fold("GreaterOrEqual", [F.int64([3], [1, 2, 3]), F.int64([1], [2])]), .bool, [3], ints: [0, 1, 1])
        // and_broadcast, or_broadcast
        expect(try fold("And", [F.bool([2, 1], [true, false]), F.bool([2], [true, false])]),
               .bool, [2, 2], ints: [1, 0, 0, 0])
        expect(try fold("Or", [F.bool([2, 1], [true, false]), F.bool([2], [true, false])]),
               .bool, [2, 2], ints: [1, 1, 1, 0])
    }

    @Test func variadicSumMinMax() throws {
        // sum_three: [2, 1] + [3] + scalar
        expect(try fold("Sum", [F.float([2, 1], [1, 2]), F.float([3], [10, 20, 30]), F.float([], [0.5])], opset: 13),
               .float, [2, 3], floats: [11.5, 21.5, 31.5, 12.5, 22.5, 32.5])
        // min_nan, max_nan: NaN propagates (onnxruntime)
        expect(try fold("Min", [F.float([3], [1, .nan, 3]), F.float([3], [.nan, 2, 1])], opset: 13),
               .float, [3], floats: [.nan, .nan, 1])
        expect(try fold("Max", [F.float([3], [1, .nan, 3]), F.float([3], [.nan, 2, 1]), F.float([1], [0])], opset: 13),
               .float, [3], floats: [.nan, .nan, 3])
        // max_int64_opset13
        expect(try fold("Max", [F.int64([3], [1, 9, -4]), F.int64([1], [3])], opset: 13), .int64, [3], ints: [3, 9, 3])
        // One input is the identity.
        expect(try fold("Sum", [F.float([2], [1, 2])], opset: 13), .float, [2], floats: [1, 2])
    }

    @Test func modFollowsTheFmodAttribute() throws {
        let a = F.int64([5], [-7, 7, -7, 7, 0]), b = F.int64([5], [3, -3, -3, 3, 5])
        // mod_int_fmod0: the divisor's sign (Python's %)
        expect(try fold("Mod", [a, b], opset: 13), .int64, [5], ints: [2, -2, -1, 1, 0])
        // mod_int_fmod1: the dividend's sign (C's fmod)
        expect(try fold("Mod", [a, b], attributes: ["fmod": .int(1)], opset: 13), .int64, [5], ints: [-1, 1, -1, 1, 0])
        // mod_float_fmod1
        expect(try fold("Mod", [F.float([4], [-6.5, 7.5, -6.5, 7.5]), F.float([4], [3, -3, -3, 3])], attributes: ["fmod": .int(1)], opset: 13),
               .float, [4], floats: [-0.5, 1.5, -0.5, 1.5])
    }

    @Test func badOperandsAreNodeIssues() {
        // Hostile: integer division by zero would trap; onnxruntime crashes.
        FoldHarness.expectIssue(["integer division by zero", "B INT64 (7) [2] holds 0"], "Div", [F.int64([2], [4, 5]), F.int64([2], [1, 0])])
        FoldHarness.expectIssue(["integer Mod by zero"], "Mod", [F.int64([1], [4]), F.int64([], [0])], opset: 13)
        FoldHarness.expectIssue(["one data type", "A INT64 (7) [1], B FLOAT (1) [1]"], "Add", [F.int64([1], [1]), F.float([1], [1])])
        FoldHarness.expectIssue(["do not broadcast", "[2, 3], [2]", "sizes 3 and 2"], "Add", [F.float([2, 3], [1, 2, 3, 4, 5, 6]), F.float([2], [1, 2])])
        // sum_int64_rejected, min_int64_opset11_rejected, mod_float_fmod0_rejected: onnxruntime rejects them too.
        FoldHarness.expectIssue(["Sum at opset 13 takes floating-point inputs", "INT64"], "Sum", [F.int64([2], [1, 2]), F.int64([1], [3])], opset: 13)
        FoldHarness.expectIssue(["Min at opset 11 takes floating-point inputs"], "Min", [F.int64([2], [1, 2]), F.int64([1], [3])], opset: 11)
        FoldHarness.expectIssue(["fmod=0", "requires fmod=1"], "Mod", [F.float([1], [1.5]), F.float([1], [1])], opset: 13)
        FoldHarness.expectIssue(["And takes BOOL inputs; got INT64"], "And", [F.int64([1], [1]), F.int64([1], [0])])
    }
}
