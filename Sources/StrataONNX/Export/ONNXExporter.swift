import Foundation
import Strata
import SwiftProtobuf

/// Writes a Strata `Graph` as an ONNX model: the inverse of `ONNXImporter` for the ops
/// the model builders make (`GraphBuilder`, `SeedNet`, `ResNet`, `VGG`, `MobileNetV2`).
///
/// ```swift
/// let graph = try SeedNet.make(seed: 1)
/// try ONNXExporter.write(graph, to: URL(fileURLWithPath: "seednet.onnx"))
/// ```
///
/// The ONNX graph mirrors the Strata graph node for node, with PyTorch's naming: every ONNX
/// node and the value it makes carry the Strata node's name (`layer1.0.conv1`), and every
/// parameter is an initializer named `node.parameter` (`conv1.weight`, `bn1.running_var`),
/// the names of `Graph.namedParameters` and of a PyTorch `state_dict`. Weights are stored
/// as float32 `raw_data` (little-endian, as the ONNX spec requires).
///
/// Inputs and outputs keep their shapes, except that the first (batch) dimension of every
/// input and output becomes the symbolic `batch` (`dim_param`), so onnxruntime and
/// `ONNXImporter` run any batch size. Window padding (`.same`, `.sameLower`, asymmetric)
/// is written as the explicit `pads` it resolves to for the graph's input size, as
/// `torch.onnx.export` does. A fused activation (a compiled graph's `Conv2d+relu`) becomes
/// a separate node after the convolution or Gemm; BatchNorm is written as
/// BatchNormalization (export the graph as built, before compilation folds it).
///
/// Op mapping (ONNX operator docs, https://onnx.ai/onnx/operators/):
///
/// | Strata op | ONNX |
/// |---|---|
/// | `ConvOp` | Conv (`kernel_shape`, `strides`, `dilations`, `pads`, `group`) |
/// | `LinearOp` | Gemm with `transB = 1` (weights `[out, in]`) |
/// | `ActivationOp` | the op of the same function (Relu, Clip, LeakyRelu, Sigmoid, ...); SiLU as Sigmoid then Mul |
/// | `BatchNormOp` | BatchNormalization (`epsilon`) |
/// | `PoolOp` | MaxPool / AveragePool (`ceil_mode`, `count_include_pad`, `dilations`) |
/// | `GlobalPoolOp` | GlobalAveragePool / GlobalMaxPool |
/// | `FlattenOp` | Flatten with `axis = 1` |
/// | `SoftmaxOp` | Softmax (`axis`) |
/// | `BinaryOp` | Add, Sub, Mul, Div, Pow, Min, Max, PRelu |
/// | `ConcatOp` | Concat (`axis`) |
/// | `IdentityOp` | Identity, or Reshape with a constant shape (batch copied with 0) |
/// | `ConstantOp` | an initializer |
public enum ONNXExporter {
    /// The opset written when none is given: 17, the opset of the project's golden models
    /// (`Scripts/make-golden`) and of `torch.onnx.export`'s default.
    public static let defaultOpset = 17

    /// The opsets ``export(_:opset:)`` writes: from 13 (Softmax's `axis` semantics and
    /// Clip's `min`/`max` inputs) to 22, the newest `ONNXImporter` fully knows.
    public static let supportedOpsets = 13...22

    /// The ONNX model of `graph`, serialized (ModelProto bytes).
    /// - Parameters:
    ///   - graph: a graph as the builders make it (uncompiled); every node's op must be one of
    ///     the table above.
    ///   - opset: the default-domain opset to declare; ops newer than it (HardSwish needs 14,
    ///     Mish 18, GELU 20) are refused.
    /// - Returns: the serialized `ModelProto` (IR version matching the opset).
    /// - Throws: `StrataError.invalidArgument` naming the node and its op when an op has no
    ///   ONNX equivalent at `opset` (with every such node listed), or when `opset` is outside
    ///   ``supportedOpsets``.
    public static func export(_ graph: Graph, opset: Int = defaultOpset) throws -> Data {
        try exportModel(graph, opset: opset).serializedData()
    }

    /// Writes ``export(_:opset:)``'s bytes to `url` atomically: into a temporary file in the
    /// same folder, then renamed over `url`, so a reader never sees half a model.
    /// - Throws: what ``export(_:opset:)`` throws; `StrataError.invalidFile` when `url`
    ///   exists and `overwrite` is false, or the file cannot be written.
    public static func write(_ graph: Graph, to url: URL, opset: Int = defaultOpset, overwrite: Bool = false) throws {
        let data = try export(graph, opset: opset)
        try BinaryFile.write([UInt8](data), to: url, overwrite: overwrite)
    }

    /// The `ModelProto` before serialization (tests look inside it).
    static func exportModel(_ graph: Graph, opset: Int) throws -> Onnx_ModelProto {
        guard supportedOpsets.contains(opset) else {
            throw StrataError.invalidArgument(
                "ONNX export: opset \(opset) is not supported; expected \(supportedOpsets.lowerBound) to \(supportedOpsets.upperBound)")
        }
        var writer = ONNXGraphWriter(graph: graph, opset: opset)
        let graphProto = try writer.write()
        var model = Onnx_ModelProto()
        model.irVersion = irVersion(forOpset: opset)
        model.producerName = "Strata"
        model.producerVersion = StrataVersion.current
        var opsetID = Onnx_OperatorSetIdProto()
        opsetID.domain = ""
        opsetID.version = Int64(opset)
        model.opsetImport = [opsetID]
        model.graph = graphProto
        return model
    }

    /// The IR version released with `opset` (ONNX's versioning table, docs/Versioning.md):
    /// onnxruntime refuses a model whose IR version is older than its opset needs.
    static func irVersion(forOpset opset: Int) -> Int64 {
        switch opset {
        case ...15: 7
        case 16...18: 8
        case 19...20: 9
        default: 10
        }
    }
}
