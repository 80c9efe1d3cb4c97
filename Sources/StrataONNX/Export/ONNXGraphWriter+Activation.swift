import Foundation
import Strata

/// Activations: each Strata `Activation` as the ONNX op computing the same function
/// (definitions from the ONNX operator docs), with the opset it first appeared in.
extension ONNXGraphWriter {
    /// Appends `activation` applied to the value `input`, making `output`.
    /// - Throws: ``ExportRefusal`` for an activation with no ONNX equivalent (Strata's
    ///   BOOL-as-float `logicalNot`, `cast`) or one newer than the opset.
    mutating func appendActivation(_ activation: Activation, name: String, input: String, output: String) throws {
        func unary(_ opType: String, since: Int = 6, _ attributes: [Onnx_AttributeProto] = []) throws {
            try require(opType, since: since)
            addNode(opType, name: name, inputs: [input], output: output, attributes: attributes)
        }
        switch activation {
        case .relu: try unary("Relu")
        case .leakyReLU(let alpha): try unary("LeakyRelu", [ONNXAttribute.float("alpha", alpha)])
        case .clip(let low, let high):
            // From opset 11 Clip takes min and max as inputs (scalars), not attributes.
            let scalar: Shape = []
            let minimum = addInitializer("\(name).min", Tensor(shape: scalar, repeating: low))
            let maximum = addInitializer("\(name).max", Tensor(shape: scalar, repeating: high))
            addNode("Clip", name: name, inputs: [input, minimum, maximum], output: output)
        case .sigmoid: try unary("Sigmoid")
        case .tanh: try unary("Tanh")
        case .gelu: try unary("Gelu", since: 20)
        case .geluTanh: try unary("Gelu", since: 20, [ONNXAttribute.string("approximate", "tanh")])
        case .silu:
            // ONNX has no SiLU before Swish (opset 24): x·sigmoid(x), as torch.onnx writes it.
            let sigmoid = "\(name).sigmoid"
            addNode("Sigmoid", name: sigmoid, inputs: [input], output: sigmoid)
            addNode("Mul", name: name, inputs: [input, sigmoid], output: output)
        case .hardSigmoid(let alpha, let beta):
            try unary("HardSigmoid", [ONNXAttribute.float("alpha", alpha), ONNXAttribute.float("beta", beta)])
        case .hardSwish: try unary("HardSwish", since: 14)
        case .erf: try unary("Erf", since: 9)
        case .softsign: try unary("Softsign")
        case .sqrt: try unary("Sqrt")
        case .exp: try unary("Exp")
        case .log: try unary("Log")
        case .abs: try unary("Abs")
        case .neg: try unary("Neg")
        case .reciprocal: try unary("Reciprocal")
        case .floor: try unary("Floor")
        case .ceil: try unary("Ceil")
        case .round: try unary("Round", since: 11)
        case .sign: try unary("Sign", since: 9)
        case .elu(let alpha): try unary("Elu", [ONNXAttribute.float("alpha", alpha)])
        case .selu(let alpha, let gamma):
            try unary("Selu", [ONNXAttribute.float("alpha", alpha), ONNXAttribute.float("gamma", gamma)])
        case .celu(let alpha): try unary("Celu", since: 12, [ONNXAttribute.float("alpha", alpha)])
        case .softplus: try unary("Softplus")
        case .mish: try unary("Mish", since: 18)
        case .thresholdedReLU(let alpha): try unary("ThresholdedRelu", since: 10, [ONNXAttribute.float("alpha", alpha)])
        case .shrink(let bias, let lambd):
            try unary("Shrink", since: 9, [ONNXAttribute.float("bias", bias), ONNXAttribute.float("lambd", lambd)])
        case .logicalNot, .cast:
            throw ExportRefusal.unsupported(
                "activation \(activation.name) works on BOOL or integer values held as float; ONNX has no float equivalent")
        }
    }
}
