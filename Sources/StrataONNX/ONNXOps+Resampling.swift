import Strata

/// Resize (opsets 10, 11, 13, 18, 19), Upsample (7, 9) and DepthToSpace / SpaceToDepth.
/// Scales, sizes and roi must be constants (initializers, or folded from shapes); the
/// node becomes one ``ResizeOp``. Where onnxruntime and the ONNX text differ, onnxruntime
/// is followed (Docs/ONNX.md lists where).
extension ONNXOps {
    /// Resize at any opset. Before 11 the coordinate mapping is `asymmetric` and nearest
    /// rounds as onnxruntime's Upsample (``NearestRounding/legacy``); attributes of later
    /// opsets are left unread, so a model that sets them is told they are not supported.
    static func resize(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        let mode = try resizeMode(node, allowed: node.opset >= 11 ? ["nearest", "linear", "cubic"] : ["nearest", "linear"])
        guard node.opset >= 11 else {
            let scales = try floatScales(node.constant(1, "scales"))
            return try emitResize(node, ResizeConfiguration(mode: mode, coordinates: .asymmetric, nearest: .legacy,
                                                            target: .scales(scales)), input: x)
        }
        let coordinatesName = try node.attributes.string("coordinate_transformation_mode", default: "half_pixel")
        guard let coordinates = ResizeCoordinates(rawValue: coordinatesName),
              coordinates != .halfPixelSymmetric || node.opset >= 19 else {
            let allowed = ResizeCoordinates.allCases.filter { $0 != .halfPixelSymmetric || node.opset >= 19 }.map(\.rawValue)
            throw NodeIssue("attribute coordinate_transformation_mode='\(coordinatesName)' is not supported at opset \(node.opset); "
                + "expected one of \(allowed.joined(separator: ", "))")
        }
        let nearestName = try node.attributes.string("nearest_mode", default: "round_prefer_floor")
        guard let nearest = NearestRounding(rawValue: nearestName), nearest != .legacy else {
            throw NodeIssue("attribute nearest_mode='\(nearestName)' is not supported; expected round_prefer_floor, round_prefer_ceil, floor or ceil")
        }
        let a = try node.attributes.float("cubic_coeff_a", default: -0.75)
        let excludeOutside = try node.attributes.int("exclude_outside", default: 0)
        let extrapolation = try node.attributes.float("extrapolation_value", default: 0)
        var antialias = 0, axes: [Int]?, policy = AspectRatioPolicy.stretch
        if node.opset >= 18 {
            antialias = try node.attributes.int("antialias", default: 0)
            axes = try node.attributes.ints("axes")
            let policyName = try node.attributes.string("keep_aspect_ratio_policy", default: "stretch")
            guard let value = AspectRatioPolicy(rawValue: policyName) else {
                throw NodeIssue("attribute keep_aspect_ratio_policy='\(policyName)' is not supported; expected stretch, not_larger or not_smaller")
            }
            policy = value
        }
        guard excludeOutside == 0 || excludeOutside == 1, antialias == 0 || antialias == 1 else {
            throw NodeIssue("attributes exclude_outside=\(excludeOutside), antialias=\(antialias) are not supported; expected 0 or 1")
        }
        guard mode != .nearest || antialias == 0 else {
            throw NodeIssue("attribute antialias=1 is not supported with mode nearest; it applies to linear and cubic")
        }
        let listed = axes?.count ?? x.rank
        // Scales (input 2) and sizes (input 3): exactly one of them, an empty tensor counting as absent.
        let scales = node.has(2) ? try floatScales(node.constant(2, "scales")) : []
        let sizes = node.has(3) ? try node.constant(3, "sizes").integers("sizes") : []
        if let bad = sizes.first(where: { $0 <= 0 }) {   // onnxruntime: "Scale value should be greater than 0"
            throw NodeIssue("sizes \(sizes) hold \(bad); every output size must be at least 1")
        }
        let target: ResizeTarget
        switch (scales.isEmpty, sizes.isEmpty) {
        case (false, true): target = .scales(scales)
        case (true, false): target = .sizes(sizes, policy)
        default:
            throw NodeIssue("Resize needs exactly one of scales (\(scales.count) values) and sizes (\(sizes.count) values); "
                + "expected \(listed) values in one of them")
        }
        var roi: [Float]?
        if coordinates == .tfCropAndResize, node.has(1) {
            let values = try node.constant(1, "roi").floats
            if !values.isEmpty { roi = values }
        }
        let configuration = ResizeConfiguration(
            mode: mode, coordinates: coordinates, nearest: nearest, cubicCoefficient: a, excludeOutside: mode != .nearest && excludeOutside == 1,
            antialias: antialias == 1, extrapolationValue: extrapolation, target: target, axes: axes, roi: roi)
        try emitResize(node, configuration, input: x)
    }

    /// Upsample-7 (scales attribute) and Upsample-9 (scales input), deprecated at 10: as
    /// onnxruntime, `asymmetric` coordinates and ``NearestRounding/legacy`` nearest rounding.
    static func upsample(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        let mode = try resizeMode(node, allowed: ["nearest", "linear", "bilinear"])
        let scales: [Float]
        if node.opset < 9 {
            try node.requireAbsent(input: 1, since: 9, "scales")
            guard let values = try node.attributes.floats("scales") else { throw NodeIssue("attribute scales is missing") }
            scales = values
        } else {
            scales = try floatScales(node.constant(1, "scales"))
        }
        guard scales.allSatisfy({ $0 >= 1 }) else {
            throw NodeIssue("Upsample scales \(scales) are not supported; expected values >= 1 (use Resize to shrink)")
        }
        try emitResize(node, ResizeConfiguration(mode: mode, coordinates: .asymmetric, nearest: .legacy, target: .scales(scales)), input: x)
    }

    /// The `mode` attribute ("bilinear", Upsample-7's name, is linear).
    private static func resizeMode(_ node: ONNXNodeContext, allowed: [String]) throws -> ResizeMode {
        let name = try node.attributes.string("mode", default: "nearest")
        guard allowed.contains(name), let mode = ResizeMode(rawValue: name == "bilinear" ? "linear" : name) else {
            throw NodeIssue("attribute mode='\(name)' is not supported at opset \(node.opset); expected \(allowed.joined(separator: ", "))")
        }
        return mode
    }

    private static func emitResize(_ node: ONNXNodeContext, _ configuration: ResizeConfiguration, input: Shape) throws {
        do { _ = try configuration.geometry(input: input) } catch {
            throw NodeIssue("input '\(node.node.input[0])' of shape \(input): \(error)")
        }
        try node.emit(ResizeOp(configuration), inputs: [node.activation(0)])
    }

    /// DepthToSpace: `blocksize`; `mode` (DCR, CRD) from opset 11.
    static func depthToSpace(_ node: ONNXNodeContext) throws {
        let block = try blockSize(node)
        var mode = DepthToSpaceMode.dcr
        if node.opset >= 11 {
            let name = try node.attributes.string("mode", default: "DCR")
            guard let value = DepthToSpaceMode(rawValue: name) else {
                throw NodeIssue("attribute mode='\(name)' is not supported; expected DCR or CRD")
            }
            mode = value
        }
        try emitChecked(node, DepthToSpaceOp(blockSize: block, mode: mode))
    }

    static func spaceToDepth(_ node: ONNXNodeContext) throws {
        try emitChecked(node, SpaceToDepthOp(blockSize: blockSize(node)))
    }

    private static func blockSize(_ node: ONNXNodeContext) throws -> Int {
        guard let block = try node.attributes.int("blocksize") else { throw NodeIssue("attribute blocksize is missing") }
        guard block >= 1, block <= 1 << 16 else { throw NodeIssue("attribute blocksize=\(block) is not supported; expected 1...65536") }
        return block
    }

    private static func emitChecked(_ node: ONNXNodeContext, _ op: any GraphOp) throws {
        let x = try node.shape(0)
        do { _ = try op.outputShape(for: [x]) } catch { throw NodeIssue("\(error)") }
        try node.emit(op, inputs: [node.activation(0)])
    }

    /// Resize's and Upsample's scales: a FLOAT tensor (the spec's type; an integer tensor
    /// there is a malformed model, refused by onnxruntime too).
    private static func floatScales(_ value: ONNXConstant) throws -> [Float] {
        guard value.isFloatingPoint else { throw NodeIssue("scales must be a float tensor; got \(value.summary)") }
        return value.floats
    }
}
