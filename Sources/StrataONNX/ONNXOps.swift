/// The op table: an ONNX op type is one entry here and one converter function in an
/// `ONNXOps+*.swift` file.
enum ONNXOps {
    struct Converter {
        /// The first opset where the op exists in its supported form.
        let sinceOpset: Int
        let convert: (ONNXNodeContext) throws -> Void
        init(since: Int = 1, _ convert: @escaping (ONNXNodeContext) throws -> Void) {
            (sinceOpset, self.convert) = (since, convert)
        }
    }

    nonisolated(unsafe) static let converters: [String: Converter] = [
        "Conv": Converter(conv),
        "MaxPool": Converter { try pool($0, .max) },
        "AveragePool": Converter { try pool($0, .average) },
        "GlobalAveragePool": Converter { try globalPool($0, .average) },
        "GlobalMaxPool": Converter { try globalPool($0, .max) },
        "BatchNormalization": Converter(batchNorm),
        "Gemm": Converter(gemm),
        "MatMul": Converter(matMul),
        "Flatten": Converter(flatten),
        "Softmax": Converter(softmax),
        "Relu": Converter { try activation($0, .relu) },
        "Sigmoid": Converter { try activation($0, .sigmoid) },
        "Tanh": Converter { try activation($0, .tanh) },
        "LeakyRelu": Converter(leakyRelu),
        "HardSigmoid": Converter(hardSigmoid),
        "HardSwish": Converter(since: 14) { try activation($0, .hardSwish) },
        "Gelu": Converter(since: 20, gelu),
        "Clip": Converter(clip),
        "Erf": Converter { try activation($0, .erf) },
        "Add": Converter { try binary($0, .add) },
        "Mul": Converter { try binary($0, .mul) },
        "Sub": Converter { try binary($0, .sub) },
        "Div": Converter { try binary($0, .div) },
        "PRelu": Converter(prelu),
        "Concat": Converter(concat),
        "Identity": Converter(identity),
        "Dropout": Converter(dropout),
        "Reshape": Converter(reshape),
        "Squeeze": Converter(squeeze),
        "Unsqueeze": Converter(unsqueeze),
        "Constant": Converter(constant),
        "Shape": Converter(shape),
        "Gather": Converter(gather),
        "Pad": Converter(since: 11, pad),
        "Transpose": Converter(transpose),
        "DequantizeLinear": Converter(since: 13, dequantizeLinear),
    ]
}
