import Foundation
@testable import StrataONNX
import Testing

/// Range, ConstantOfShape, Expand, Tile and Where folded at import. Expected values:
/// onnxruntime 1.32 (`Scripts/fold-expectations`, case names in the comments).
@Suite struct ONNXFoldingShapeTests {
    typealias F = ONNXModelFactory

    @Test func range() throws {
        // range_int_negative_delta: Range(10, -3, -4)
        expect(try fold("Range", [F.int64([], [10]), F.int64([], [-3]), F.int64([], [-4])], opset: 13), .int64, [4], ints: [10, 6, 2, -2])
        // range_float: Range(0, 1, 0.1) accumulates delta as onnxruntime does (0.70000005 at 7)
        expect(try fold("Range", [F.float([], [0]), F.float([], [1]), F.float([], [0.1])], opset: 13), .float, [10], floats: [
            0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645,
            0.5, 0.6000000238418579, 0.7000000476837158, 0.8000000715255737, 0.9000000953674316,
        ])
        // range_int32_empty: a limit behind the start gives no elements
        let int32 = { (value: Int64) in F.typed(.int32, [], ints: [value]) }
        expect(try fold("Range", [int32(5), int32(2), int32(1)], opset: 13), .int32, [0], ints: [])
        // INT64 extremes count exactly (limit − start overflows Int64).
        expect(try fold("Range", [F.int64([], [Int64.min]), F.int64([], [Int64.max]), F.int64([], [Int64.max])], opset: 13),
               .int64, [3], ints: [Int64.min, -1, Int64.max - 1])
    }

    @Test func rangeMistakesAreNodeIssues() {
        // Hostile: delta 0 never ends; a count of 2^63 cannot be allocated.
        FoldHarness.expectIssue(["Range with delta 0", "start 0, limit 5, delta 0"], "Range",
                                [F.int64([], [0]), F.int64([], [5]), F.int64([], [0])], opset: 13)
        FoldHarness.expectIssue(["would have 9223372036854775807 elements", "at most 134217728"], "Range",
                                [F.int64([], [0]), F.int64([], [Int64.max]), F.int64([], [1])], opset: 13)
        FoldHarness.expectIssue(["no finite element count"], "Range", [F.float([], [0]), F.float([], [.infinity]), F.float([], [1])], opset: 13)
        FoldHarness.expectIssue(["limit must be a scalar; got dims [2]"], "Range", [F.int64([], [0]), F.int64([2], [5, 6]), F.int64([], [1])], opset: 13)
    }

    @Test func constantOfShape() throws {
        // constantofshape_default: FLOAT 0
        expect(try fold("ConstantOfShape", [F.int64([2], [2, 3])], opset: 13), .float, [2, 3], floats: [0, 0, 0, 0, 0, 0])
        // constantofshape_int32: the value's type
        let seven = F.typed(.int32, [1], ints: [7])
        expect(try fold("ConstantOfShape", [F.int64([1], [3])], attributes: ["value": .tensor(seven)], opset: 13), .int32, [3], ints: [7, 7, 7])
        // constantofshape_scalar: an empty shape gives a scalar
        let minusFive = F.int64([1], [-5])
        expect(try fold("ConstantOfShape", [F.int64([0], [])], attributes: ["value": .tensor(minusFive)], opset: 13), .int64, [], ints: [-5])
    }

    @Test func constantOfShapeMistakesAreNodeIssues() {
        // Hostile: 2^40 elements must be refused before allocating.
        FoldHarness.expectIssue(["ConstantOfShape output would have dims [1048576, 1048576], more than 134217728 (2^27) elements"],
                                "ConstantOfShape", [F.int64([2], [1 << 20, 1 << 20])], opset: 13)
        FoldHarness.expectIssue(["negative size -2"], "ConstantOfShape", [F.int64([2], [3, -2])], opset: 13)
        FoldHarness.expectIssue(["one-element tensor"], "ConstantOfShape", [F.int64([1], [3])],
                                attributes: ["value": .tensor(F.float([2], [1, 2]))], opset: 13)
        FoldHarness.expectIssue(["1-D INT64 shape; got FLOAT"], "ConstantOfShape", [F.float([1], [3])], opset: 13)
    }

    @Test func expandAndTile() throws {
        // expand: [3, 1] to [2, 1, 4] → [2, 3, 4]
        expect(try fold("Expand", [F.float([3, 1], [1, 2, 3]), F.int64([3], [2, 1, 4])], opset: 13), .float, [2, 3, 4],
               floats: [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3])
        // expand_keeps_larger: bidirectional, shape [1] keeps [2]
        expect(try fold("Expand", [F.float([2], [1, 2]), F.int64([1], [1])], opset: 13), .float, [2], floats: [1, 2])
        // tile
        expect(try fold("Tile", [F.int64([2, 2], [1, 2, 3, 4]), F.int64([2], [1, 2])], opset: 13), .int64, [2, 4], ints: [1, 2, 1, 2, 3, 4, 3, 4])
        // tile_scalar: a rank-0 input with empty repeats
        expect(try fold("Tile", [F.float([], [3.5]), F.int64([0], [])], opset: 13), .float, [], floats: [3.5])
    }

    @Test func expandAndTileMistakesAreNodeIssues() {
        FoldHarness.expectIssue(["do not broadcast", "sizes 3 and 2"], "Expand", [F.float([3], [1, 2, 3]), F.int64([1], [2])], opset: 13)
        // Hostile: an Expand or Tile of 2^62 elements, or whose sizes overflow Int.
        FoldHarness.expectIssue(["Expand output would have dims [4611686018427387904]"], "Expand",
                                [F.float([1], [1]), F.int64([1], [1 << 62])], opset: 13)
        // Empty, but its other sizes multiply past Int: refused, so no later product overflows.
        FoldHarness.expectIssue(["Expand output would have dims [0, 1099511627776, 1099511627776]"], "Expand",
                                [F.float([1], [1]), F.int64([3], [0, 1 << 40, 1 << 40])], opset: 13)
        FoldHarness.expectIssue(["axis 0 would have 2 × 9223372036854775807 elements"], "Tile",
                                [F.float([2], [1, 2]), F.int64([1], [Int64.max])], opset: 13)
        FoldHarness.expectIssue(["Tile output would have dims [1048576, 1048576], more than 134217728 (2^27)"], "Tile",
                                [F.float([1, 1], [1]), F.int64([2], [1 << 20, 1 << 20])], opset: 13)
        FoldHarness.expectIssue(["repeats [1, 2]", "one value >= 0 per axis"], "Tile", [F.float([2], [1, 2]), F.int64([2], [1, 2])], opset: 13)
    }

    @Test func whereBroadcastsAllThree() throws {
        // where_broadcast: condition [2, 1], X [3], Y a scalar
        let value = try fold("Where", [F.bool([2, 1], [true, false]), F.float([3], [1, 2, 3]), F.float([], [-1])], opset: 16)
        expect(value, .float, [2, 3], floats: [1, 2, 3, -1, -1, -1])
        expect(try fold("Where", [F.bool([], [false]), F.int64([2], [1, 2]), F.int64([1], [7])], opset: 16), .int64, [2], ints: [7, 7])
        FoldHarness.expectIssue(["condition must be BOOL; got INT64"], "Where", [F.int64([1], [1]), F.float([1], [1]), F.float([1], [2])], opset: 16)
        FoldHarness.expectIssue(["X INT64 (7) [1], Y FLOAT (1) [1]"], "Where", [F.bool([1], [true]), F.int64([1], [1]), F.float([1], [2])], opset: 16)
    }
}
