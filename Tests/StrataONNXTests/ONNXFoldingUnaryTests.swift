import Foundation
@testable import StrataONNX
import Testing

/// Neg, Abs, Floor, Ceil, Sqrt, Not and Cast folded at import. Expected values:
/// onnxruntime 1.32 (`Scripts/fold-expectations`, case names in the comments).
@Suite struct ONNXFoldingUnaryTests {
    typealias F = ONNXModelFactory

    @Test func unaryOps() throws {
        // neg_int64, neg_float
        expect(try fold("Neg", [F.int64([3], [3, -4, 0])], opset: 13), .int64, [3], ints: [-3, 4, 0])
        expect(try fold("Neg", [F.float([2], [1.5, -0])], opset: 13), .float, [2], floats: [-1.5, 0])
        // abs_int32_min: -INT32_MIN wraps to itself
        expect(try fold("Abs", [F.typed(.int32, [3], ints: [-2_147_483_648, -5, 6])], opset: 13), .int32, [3], ints: [-2_147_483_648, 5, 6])
        // floor, ceil, sqrt (of a negative: NaN)
        expect(try fold("Floor", [F.float([3], [-2.5, -2, 2.7])], opset: 13), .float, [3], floats: [-3, -2, 2])
        expect(try fold("Ceil", [F.float([3], [-2.5, -2, 2.2])], opset: 13), .float, [3], floats: [-2, -2, 3])
        expect(try fold("Sqrt", [F.float([3], [4, 2, -1])], opset: 13), .float, [3], floats: [2, 1.4142135381698608, .nan])
        // not
        expect(try fold("Not", [F.bool([1, 2], [true, false])], opset: 13), .bool, [1, 2], ints: [0, 1])
        // A rank-0 scalar stays one.
        expect(try fold("Neg", [F.float([], [2])], opset: 13), .float, [], floats: [-2])
    }

    @Test func unaryTypesFollowTheSpec() {
        FoldHarness.expectIssue(["Neg takes signed numeric", "UINT8"], "Neg", [F.typed(.uint8, [1], ints: [3])], opset: 13)
        FoldHarness.expectIssue(["Floor takes floating-point input; got INT64"], "Floor", [F.int64([1], [3])], opset: 13)
        FoldHarness.expectIssue(["Not takes BOOL input; got FLOAT"], "Not", [F.float([1], [1])], opset: 13)
    }

    @Test func castBetweenFloatsAndIntegers() throws {
        // cast_float_to_int64: truncation toward zero, -2.7 → -2
        expect(try fold("Cast", [F.float([4], [-2.7, 2.7, -0.5, 1e10])], attributes: ["to": .int(7)], opset: 13),
               .int64, [4], ints: [-2, 2, 0, 10_000_000_000])
        // cast_int64_to_int8: narrowing wraps
        expect(try fold("Cast", [F.int64([3], [300, -129, 127])], attributes: ["to": .int(3)], opset: 13), .int8, [3], ints: [44, 127, 127])
        // cast_float_to_bool: x != 0, NaN is true
        expect(try fold("Cast", [F.float([4], [.nan, 0, -0, 0.2])], attributes: ["to": .int(9)], opset: 13), .bool, [4], ints: [1, 0, 0, 1])
        // cast_float_to_float16: rounded to nearest even, 70000 overflows to inf
        expect(try fold("Cast", [F.float([5], [0.1, 65519, 70000, 1e-8, -2.7])], attributes: ["to": .int(10)], opset: 13),
               .float16, [5], floats: [0.0999755859375, 65504, .infinity, 0, -2.69921875])
        // cast_int64_to_float: 2^24 + 1 rounds to 2^24
        expect(try fold("Cast", [F.int64([2], [16_777_217, -3])], attributes: ["to": .int(1)], opset: 13), .float, [2], floats: [16_777_216, -3])
        // cast_bool_to_int32 of a rank-0 scalar
        expect(try fold("Cast", [F.bool([], [true])], attributes: ["to": .int(6)], opset: 13), .int32, [], ints: [1])
        // BFLOAT16 rounds to nearest even. onnxruntime 1.32, through Cast(BFLOAT16) → Cast(FLOAT)
        // (numpy has no bfloat16): 1.00390625 → 1, 1.01171875 → 1.015625, 3.14159 → 3.140625, 3.4e38 → inf.
        expect(try fold("Cast", [F.float([4], [1.00390625, 1.01171875, 3.14159, 3.4e38])], attributes: ["to": .int(16)], opset: 13),
               .bfloat16, [4], floats: [1, 1.015625, 3.140625, .infinity])
    }

    @Test func castFailuresAreNodeIssues() {
        // Hostile: cast_nan_to_int32 and cast_huge_to_int32 give INT32_MIN in onnxruntime (x86);
        // C leaves them undefined and Swift would trap.
        FoldHarness.expectIssue(["cannot cast nan", "to INT32"], "Cast", [F.float([1], [.nan])], attributes: ["to": .int(6)], opset: 13)
        FoldHarness.expectIssue(["cannot cast 1e+10", "to INT32"], "Cast", [F.float([1], [1e10])], attributes: ["to": .int(6)], opset: 13)
        FoldHarness.expectIssue(["cannot cast -inf", "to INT64"], "Cast", [F.float([1], [-.infinity])], attributes: ["to": .int(7)], opset: 13)
        FoldHarness.expectIssue(["cannot cast -1.5", "to UINT8"], "Cast", [F.float([1], [-1.5])], attributes: ["to": .int(2)], opset: 13)
        FoldHarness.expectIssue(["Cast to data type 8", "STRING", "not supported"], "Cast", [F.float([1], [1])], attributes: ["to": .int(8)], opset: 13)
        FoldHarness.expectIssue(["Cast to data type 99"], "Cast", [F.float([1], [1])], attributes: ["to": .int(99)], opset: 13)
        FoldHarness.expectIssue(["attribute to is missing"], "Cast", [F.float([1], [1])], opset: 13)
        FoldHarness.expectIssue(["BFLOAT16", "needs opset 13"], "Cast", [F.float([1], [1])], attributes: ["to": .int(16)], opset: 11)
    }
}
