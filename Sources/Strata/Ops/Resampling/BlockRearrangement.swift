/// ONNX DepthToSpace's `mode`: how the `b²` channel groups are laid out. `DCR` (depth,
/// column, row; the default and TensorFlow's) takes block offset `(i, j)` from channel group
/// `i·b + j` of `C/b²` channels; `CRD` (PyTorch's PixelShuffle) from channels
/// `c·b² + i·b + j`.
public enum DepthToSpaceMode: String, Sendable, Hashable, CaseIterable {
    /// `DCR` (ONNX's default) or `CRD` (PyTorch's `PixelShuffle`), spelled as ONNX's attribute value.
    case dcr = "DCR", crd = "CRD"
}

/// ONNX DepthToSpace (opsets 1, 11, 13): `[N, C, H, W] → [N, C/b², H·b, W·b]`, run as the
/// transpose of a rank-6 view (ONNX spec, "DepthToSpace"):
/// DCR `[N, b, b, C/b², H, W]` with perm `[0, 3, 4, 1, 5, 2]`,
/// CRD `[N, C/b², b, b, H, W]` with perm `[0, 1, 4, 2, 5, 3]`.
public struct DepthToSpaceOp: GraphOp {
    /// `b`: the side of the block each input pixel's channels become; checked against the input
    /// shape when the node is added (`b²` must divide C).
    public let blockSize: Int
    /// How the `b²` channel groups map to block offsets.
    public let mode: DepthToSpaceMode

    /// A DepthToSpace node; nothing is checked until the input shape is known.
    public init(blockSize: Int, mode: DepthToSpaceMode = .dcr) { (self.blockSize, self.mode) = (blockSize, mode) }

    public var opName: String { "DepthToSpace" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        let x = inputs[0]
        try expectRank(x, 4, name: "DepthToSpace input", layout: "[N, C, H, W]")
        let b = blockSize
        guard b >= 1, b <= 1 << 16, x[1] % (b * b) == 0 else {
            throw StrataError.invalidArgument("DepthToSpace of input \(x) with blocksize \(b): expected blocksize >= 1 whose square divides C = \(x[1])")
        }
        return try Shape([x[0], x[1] / (b * b), x.product(2..<3).multipliedChecked(by: b), x[3].multipliedChecked(by: b)])
    }

    /// The rank-6 view of the input and the permutation that makes it the output.
    func view(_ x: Shape) throws -> (Shape, [Int]) {
        let b = blockSize, c = x[1] / (b * b)
        switch mode {
        case .dcr: return (try Shape([x[0], b, b, c, x[2], x[3]]), [0, 3, 4, 1, 5, 2])
        case .crd: return (try Shape([x[0], c, b, b, x[2], x[3]]), [0, 1, 4, 2, 5, 3])
        }
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let (shape, perm) = try view(inputs[0])
        let loops = TransposeLoops(shape: shape, perm: perm)
        return KernelPlan { inputs, output, _ in loops.run(inputs[0], output, workers: workers) }
    }
}

/// ONNX SpaceToDepth (opsets 1, 13): `[N, C, H, W] → [N, C·b², H/b, W/b]`, the inverse of
/// DepthToSpace's DCR: the transpose of the view `[N, C, H/b, b, W/b, b]` with perm
/// `[0, 3, 5, 1, 2, 4]` (ONNX spec, "SpaceToDepth").
public struct SpaceToDepthOp: GraphOp {
    /// `b`: the side of the blocks folded into channels; must divide H and W.
    public let blockSize: Int

    /// A SpaceToDepth node; nothing is checked until the input shape is known.
    public init(blockSize: Int) { self.blockSize = blockSize }

    public var opName: String { "SpaceToDepth" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        let x = inputs[0]
        try expectRank(x, 4, name: "SpaceToDepth input", layout: "[N, C, H, W]")
        let b = blockSize
        guard b >= 1, b <= 1 << 16, x[2] % b == 0, x[3] % b == 0 else {
            throw StrataError.invalidArgument("SpaceToDepth of input \(x) with blocksize \(b): expected blocksize >= 1 dividing H and W")
        }
        return try Shape([x[0], x[1].multipliedChecked(by: b * b), x[2] / b, x[3] / b])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let x = inputs[0], b = blockSize
        let loops = TransposeLoops(shape: try Shape([x[0], x[1], x[2] / b, b, x[3] / b, b]), perm: [0, 3, 5, 1, 2, 4])
        return KernelPlan { inputs, output, _ in loops.run(inputs[0], output, workers: workers) }
    }
}

extension Int {
    /// `self · other`, or an error naming the overflow (sizes from files must not trap).
    fileprivate func multipliedChecked(by other: Int) throws -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard !overflow else { throw StrataError.invalidArgument("size \(self) x \(other) overflows") }
        return product
    }
}
