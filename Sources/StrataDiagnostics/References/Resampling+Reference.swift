import Strata
import StrataReference

extension ResizeOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0], c = configuration
        let geometry = try c.geometry(input: x.shape)
        let values = Reference.resize(
            x.scalars, shape: x.shape.dimensions, outShape: geometry.output.dimensions, scales: geometry.scales,
            roiStarts: geometry.roiStarts, roiEnds: geometry.roiEnds, mode: c.mode.rawValue, coordinates: c.coordinates.rawValue,
            nearest: c.nearest.rawValue, cubicA: c.cubicCoefficient, excludeOutside: c.excludeOutside, antialias: c.antialias,
            extrapolation: c.extrapolationValue)
        return try Tensor(geometry.output, values)
    }
}

extension DepthToSpaceOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let values = Reference.depthToSpace(x.scalars, shape: x.shape.dimensions, block: blockSize, mode: mode.rawValue)
        return try Tensor(outputShape(for: [x.shape]), values)
    }
}

extension SpaceToDepthOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        return try Tensor(outputShape(for: [x.shape]), Reference.spaceToDepth(x.scalars, shape: x.shape.dimensions, block: blockSize))
    }
}
