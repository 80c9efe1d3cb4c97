import Strata
import StrataReference

/// Slice, Expand, Tile, Gather, GatherElements and ArgMax/ArgMin through the naive loops
/// of `ReferenceMovement.swift`. Run-time indices (a second input) are passed as they are,
/// so the reference applies the same reading rule (a bad index gathers NaN).
extension SliceOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0], c = configuration, rank = x.rank
        let axes = try (c.axes ?? Array(0..<c.starts.count)).map { try Shape.resolve(axis: $0, rank: rank) }
        let result = Reference.slice(x.scalars, shape: x.shape.dimensions, starts: c.starts, ends: c.ends, axes: axes,
                                     steps: c.steps ?? Array(repeating: 1, count: c.starts.count))
        return try Tensor(shape: result.shape, values: result.values)
    }
}

extension ExpandOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let result = Reference.expand(inputs[0].scalars, shape: inputs[0].shape.dimensions, target: shape.dimensions)
        return try Tensor(shape: result.shape, values: result.values)
    }
}

extension TileOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        return try Tensor(shape: zip(x.shape.dimensions, repeats).map { $0 * $1 },
                          values: Reference.tile(x.scalars, shape: x.shape.dimensions, repeats: repeats))
    }
}

extension GatherOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let picked = indices.map { $0.map(Double.init) } ?? inputs[1].scalars.map(Double.init)
        let pickedShape = indicesShape ?? inputs[1].shape
        let values = Reference.gather(x.scalars, shape: x.shape.dimensions, axis: try x.shape.resolve(axis: axis),
                                      indices: picked, indicesShape: pickedShape.dimensions)
        return try Tensor(outputShape(for: inputs.map(\.shape)), values)
    }
}

extension GatherElementsOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let picked = indices.map { $0.map(Double.init) } ?? inputs[1].scalars.map(Double.init)
        let pickedShape = indicesShape ?? inputs[1].shape
        let values = Reference.gatherElements(x.scalars, shape: x.shape.dimensions, axis: try x.shape.resolve(axis: axis),
                                              indices: picked, indicesShape: pickedShape.dimensions)
        return try Tensor(pickedShape, values)
    }
}

extension ArgMaxOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0], c = configuration
        let values = Reference.argMax(x.scalars, shape: x.shape.dimensions, axis: try x.shape.resolve(axis: c.axis),
                                      kind: c.kind.rawValue, selectLast: c.selectLastIndex)
        return try Tensor(outputShape(for: [x.shape]), values)
    }
}
