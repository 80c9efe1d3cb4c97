import Foundation
import Strata

/// One converter per Strata op type. Attribute spellings are the ONNX spec's and the ones
/// `ONNXImporter` reads (ONNXOps+Window.swift, ONNXOps+Dense.swift), so a graph survives
/// export and import unchanged.
extension ONNXGraphWriter {
    /// Appends the ONNX node(s) of one Strata node; the last one makes the value named
    /// after the node.
    mutating func append(_ node: Node, index: Int) throws {
        let inputs = inputNames(of: node)
        switch node.op {
        case let op as ConvOp:
            try conv(op, node, inputs)
        case let op as LinearOp:
            try linear(op, node, inputs)
        case let op as ActivationOp:
            try appendActivation(op.activation, name: node.name, input: inputs[0], output: node.name)
        case let op as BatchNormOp:
            let parameters = [("weight", op.weight), ("bias", op.bias), ("running_mean", op.runningMean),
                              ("running_var", op.runningVariance)]
            let names = parameters.map { addInitializer("\(node.name).\($0.0)", $0.1) }
            addNode("BatchNormalization", name: node.name, inputs: [inputs[0]] + names, output: node.name,
                    attributes: [ONNXAttribute.float("epsilon", op.epsilon)])
        case let op as PoolOp:
            try pool(op.configuration, node, inputs)
        case let op as GlobalPoolOp:
            addNode(op.kind == .max ? "GlobalMaxPool" : "GlobalAveragePool", name: node.name, inputs: inputs, output: node.name)
        case is FlattenOp:
            addNode("Flatten", name: node.name, inputs: inputs, output: node.name, attributes: [ONNXAttribute.int("axis", 1)])
        case let op as SoftmaxOp:
            addNode("Softmax", name: node.name, inputs: inputs, output: node.name, attributes: [ONNXAttribute.int("axis", op.axis)])
        case let op as BinaryOp:
            // Comparisons and logic make BOOL tensors in ONNX (Strata holds them as float 0/1):
            // not the same graph, so they are refused.
            let exportable: Set<BinaryOp.Kind> = [.add, .sub, .mul, .div, .pow, .min, .max, .prelu]
            guard exportable.contains(op.kind) else {
                throw ExportRefusal.unsupported("binary \(op.kind.rawValue) has no float ONNX equivalent; exportable: Add, Sub, Mul, Div, Pow, Min, Max, PRelu")
            }
            addNode(op.kind.rawValue, name: node.name, inputs: inputs, output: node.name)
        case let op as ConcatOp:
            addNode("Concat", name: node.name, inputs: inputs, output: node.name, attributes: [ONNXAttribute.int("axis", op.axis)])
        case is DropoutOp:
            // Inference semantics, as torch.onnx.export writes a model in eval mode.
            addNode("Identity", name: node.name, inputs: [inputs[0]], output: node.name)
        case let op as IdentityOp:
            if let shape = op.shape {
                // A batch that passes through is written as 0 ("copy this size from the input")
                // so the model still runs at any batch size.
                var sizes = shape.dimensions.map(Int64.init)
                if shape.rank >= 1, inputShape(of: node).rank >= 1, shape[0] == inputShape(of: node)[0] { sizes[0] = 0 }
                let shapeName = addInt64Initializer("\(node.name).shape", sizes)
                addNode("Reshape", name: node.name, inputs: [inputs[0], shapeName], output: node.name)
            } else {
                addNode("Identity", name: node.name, inputs: inputs, output: node.name)
            }
        case let op as ConstantOp:
            guard op.integerValues == nil else {
                throw ExportRefusal.unsupported("an integer constant (a folded shape computation) is not exported")
            }
            addInitializer(node.name, op.value)
        default:
            throw ExportRefusal.unsupported(
                "no ONNX export for \(type(of: node.op)); exportable: Conv, Linear, activations, BatchNorm, pooling, global pooling, Flatten, Softmax, Add/Mul, Concat, Identity")
        }
    }

    /// Conv with the padding resolved for the input size (ONNX `pads` are
    /// `[top, left, bottom, right]`), then the fused activation, if any, as its own node.
    private mutating func conv(_ op: ConvOp, _ node: Node, _ inputs: [String]) throws {
        let c = op.configuration
        let x = inputShape(of: node)
        guard x.rank == 4 else { throw ExportRefusal.unsupported("only 2-D convolutions ([N, C, H, W] input) are exported, got \(x)") }
        let geometry = try WindowGeometry(input: Size2D(x[2], x[3]), kernel: c.kernel, stride: c.stride, dilation: c.dilation,
                                          padding: c.padding)
        var operands = [inputs[0], addInitializer("\(node.name).weight", op.weight)]
        if let bias = op.bias { operands.append(addInitializer("\(node.name).bias", bias)) }
        let output = op.activation == nil ? node.name : "\(node.name).conv"
        addNode("Conv", name: node.name, inputs: operands, output: output, attributes: [
            ONNXAttribute.ints("kernel_shape", [c.kernel.height, c.kernel.width]),
            ONNXAttribute.ints("strides", [c.stride.height, c.stride.width]),
            ONNXAttribute.ints("dilations", [c.dilation.height, c.dilation.width]),
            ONNXAttribute.ints("pads", Self.pads(geometry.padding)),
            ONNXAttribute.int("group", c.groups),
        ])
        if let activation = op.activation {
            try appendActivation(activation, name: "\(node.name).activation", input: output, output: node.name)
        }
    }

    /// Gemm(x, W, b) with `transB = 1`: y = x·Wᵀ + b (PyTorch `nn.Linear`'s layout).
    private mutating func linear(_ op: LinearOp, _ node: Node, _ inputs: [String]) throws {
        var operands = [inputs[0], addInitializer("\(node.name).weight", op.weight)]
        if let bias = op.bias { operands.append(addInitializer("\(node.name).bias", bias)) }
        let output = op.activation == nil ? node.name : "\(node.name).gemm"
        addNode("Gemm", name: node.name, inputs: operands, output: output, attributes: [ONNXAttribute.int("transB", 1)])
        if let activation = op.activation {
            try appendActivation(activation, name: "\(node.name).activation", input: output, output: node.name)
        }
    }

    /// MaxPool or AveragePool. Dilations are written only when not 1: AveragePool takes them
    /// from opset 19 (MaxPool from 10).
    private mutating func pool(_ c: Pool2dConfiguration, _ node: Node, _ inputs: [String]) throws {
        let x = inputShape(of: node)
        guard x.rank == 4 else { throw ExportRefusal.unsupported("only 2-D pooling ([N, C, H, W] input) is exported, got \(x)") }
        let geometry = try c.geometry(input: Size2D(x[2], x[3]))
        var attributes = [
            ONNXAttribute.ints("kernel_shape", [c.kernel.height, c.kernel.width]),
            ONNXAttribute.ints("strides", [c.stride.height, c.stride.width]),
            ONNXAttribute.ints("pads", Self.pads(geometry.padding)),
            ONNXAttribute.int("ceil_mode", c.ceilMode ? 1 : 0),
        ]
        if c.dilation != Size2D(1, 1) {
            if c.kind == .average { try require("AveragePool with dilations", since: 19) }
            attributes.append(ONNXAttribute.ints("dilations", [c.dilation.height, c.dilation.width]))
        }
        if c.kind == .average { attributes.append(ONNXAttribute.int("count_include_pad", c.countIncludePad ? 1 : 0)) }
        addNode(c.kind == .max ? "MaxPool" : "AveragePool", name: node.name, inputs: inputs, output: node.name, attributes: attributes)
    }

    /// ONNX `pads` order for two spatial axes: begins, then ends.
    static func pads(_ p: Padding2D) -> [Int] { [p.top, p.left, p.bottom, p.right] }
}
