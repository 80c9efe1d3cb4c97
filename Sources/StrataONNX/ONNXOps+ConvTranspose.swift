import Strata

/// ConvTranspose (opsets 1 and 11): 1-D (`[N, C, L]`, through the 2-D kernel) and 2-D,
/// strides, dilations, pads, auto_pad, output_padding, output_shape, group (depthwise too),
/// constant weight `[C, M/group, kH, kW]` and optional bias `[M]`.
///
/// Padding per axis, as onnxruntime 1.32 resolves it (`ComputeTransposePadAndOutputShape`;
/// the ONNX text says the same for SAME_*), with `natural = S·(I − 1) + A + D·(K − 1) + 1`
/// (A the output_padding):
/// - `output_shape` given (spatial sizes only, as onnxruntime's shape inference requires):
///   `pads` are ignored, `total = natural − O`; SAME_UPPER puts `total/2` at the start,
///   NOTSET and SAME_LOWER `total − total/2`. When O is larger than natural (by less than the
///   stride, the most onnxruntime accepts) the pads are 0 and the extra rows are more
///   output padding: they get the bias and nothing else.
/// - SAME_UPPER / SAME_LOWER: output `I·S`, `total = max(0, natural − I·S)`, start
///   `total/2` (UPPER) or `total − total/2` (LOWER).
/// - VALID: no padding; NOTSET: `pads`.
extension ONNXOps {
    static func convTranspose(_ node: ONNXNodeContext) throws {
        let (spatial, x, weight, bias, window, groups) = try convolutionInputs(node, layout: "C, M/group")
        guard groups >= 1, x[1] == weight.shape[0], weight.shape[0] % groups == 0 else {
            throw NodeIssue("input has \(x[1]) channels and weight shape \(weight.shape) with group \(groups); "
                + "expected the weight's first size to equal the channels and group >= 1 to divide it")
        }
        let (outChannels, overflow) = weight.shape[1].multipliedReportingOverflow(by: groups)
        guard !overflow, outChannels <= WindowGeometry.maximumSize else {
            throw NodeIssue("group \(groups) times \(weight.shape[1]) output channels per group is too large")
        }
        func pair(_ name: String, _ values: [Int]?, minimum: Int) throws -> [Int]? {
            guard let values else { return nil }
            guard values.count == spatial, values.allSatisfy({ $0 >= minimum && $0 <= WindowGeometry.maximumSize }) else {
                throw NodeIssue("attribute \(name)=\(values) is not supported; expected \(spatial) spatial value\(spatial == 1 ? "" : "s") "
                    + "in \(minimum)...\(WindowGeometry.maximumSize)")
            }
            return values
        }
        let outputPadding = try pair("output_padding", node.attributes.ints("output_padding"), minimum: 0) ?? Array(repeating: 0, count: spatial)
        let outputShape = try pair("output_shape", node.attributes.ints("output_shape"), minimum: 1)
        let inputSizes = spatial == 1 ? [x[2]] : [x[2], x[3]]
        guard inputSizes.allSatisfy({ $0 >= 1 && $0 <= WindowGeometry.maximumSize }) else {
            throw NodeIssue("input has shape \(x); expected spatial sizes in 1...\(WindowGeometry.maximumSize)")
        }
        let kernel = spatial == 1 ? [window.kernel.width] : [window.kernel.height, window.kernel.width]
        let strides = spatial == 1 ? [window.stride.width] : [window.stride.height, window.stride.width]
        let dilations = spatial == 1 ? [window.dilation.width] : [window.dilation.height, window.dilation.width]
        var begins = [Int](repeating: 0, count: spatial), ends = begins, adjust = outputPadding
        for axis in 0..<spatial {
            let (i, s) = (inputSizes[axis], strides[axis])
            let natural = s * (i - 1) + adjust[axis] + dilations[axis] * (kernel[axis] - 1) + 1
            var total = 0, upper = false
            if let outputShape {
                total = natural - outputShape[axis]
                upper = window.padding == .same
                if total < 0 {
                    guard -total < s else {
                        throw NodeIssue("output_shape \(outputShape) asks for \(outputShape[axis]) on spatial axis \(axis); input \(i), "
                            + "stride \(s), kernel \(kernel[axis]), dilation \(dilations[axis]) and output_padding \(adjust[axis]) "
                            + "give at most \(natural + s - 1) (onnxruntime refuses more too)")
                    }
                    adjust[axis] -= total
                    total = 0
                }
            } else {
                switch window.padding {
                case .explicit(let p):
                    let given = spatial == 1 ? (p.left, p.right) : axis == 0 ? (p.top, p.bottom) : (p.left, p.right)
                    (begins[axis], ends[axis]) = given
                    continue
                case .valid: continue
                case .same, .sameLower:
                    total = max(0, natural - i * s)
                    upper = window.padding == .same
                }
            }
            begins[axis] = upper ? total / 2 : total - total / 2
            ends[axis] = total - begins[axis]
        }
        if outputShape != nil { node.attributes.ignore("pads") }
        let padding = spatial == 1
            ? Padding2D(top: 0, left: begins[0], bottom: 0, right: ends[0])
            : Padding2D(top: begins[0], left: begins[1], bottom: ends[0], right: ends[1])
        let configuration = ConvTranspose2dConfiguration(
            inChannels: x[1], outChannels: outChannels, kernel: window.kernel, stride: window.stride, dilation: window.dilation,
            padding: padding, outputPadding: spatial == 1 ? Size2D(0, adjust[0]) : Size2D(adjust[0], adjust[1]), groups: groups)
        let op: ConvTransposeOp
        do { op = try ConvTransposeOp(configuration, weight: weight, bias: bias) } catch let error as StrataError {
            throw NodeIssue("\(error)")
        }
        try emitWindowOp(node, op, spatial: spatial)
    }
}
