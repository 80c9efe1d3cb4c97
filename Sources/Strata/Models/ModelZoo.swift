#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every model builder by its command-line name (`engine-bench net NAME`, `strata run NAME`).
public enum ModelZoo {
    /// The names ``build(_:inputSize:classes:batch:seed:)`` accepts, in the order help texts list them.
    public static let names = ["vgg11", "vgg16", "resnet18", "resnet34", "resnet50", "mobilenetv2", "seednet"]

    /// Default input size of a model (224, or 28 for the seed network).
    public static func defaultInputSize(_ name: String) -> Int { name == "seednet" ? 28 : 224 }

    /// Input channels of a model (3, or 1 for the seed network).
    public static func inputChannels(_ name: String) -> Int { name == "seednet" ? 1 : 3 }

    /// The name of a model's last fully connected layer, whose weight `[classes, features]`
    /// gives the number of classes of a weights file: `fc` (ResNet), `classifier.6` (VGG),
    /// `classifier.1` (MobileNetV2), `dense2` (seed network), as in torchvision.
    public static func classifierName(_ name: String) -> String {
        switch name {
        case "vgg11", "vgg16": "classifier.6"
        case "mobilenetv2": "classifier.1"
        case "seednet": "dense2"
        default: "fc"
        }
    }

    /// Builds `name` with seeded weights. Throws for an unknown name, listing the known ones,
    /// and ``StrataError/memoryLimit(_:)`` before drawing weights that would not fit
    /// ``MemoryLimit/bytes``.
    public static func build(_ name: String, inputSize: Int? = nil, classes: Int? = nil, batch: Int = 1, seed: UInt64 = 0) throws -> Graph {
        let size = inputSize ?? defaultInputSize(name)
        let classCount = classes ?? (name == "seednet" ? 10 : 1000)
        switch name {
        case "vgg11": return try VGG.vgg11BN(inputSize: size, classes: classCount, batch: batch, seed: seed)
        case "vgg16": return try VGG.vgg16BN(inputSize: size, classes: classCount, batch: batch, seed: seed)
        case "resnet18": return try ResNet.resnet18(inputSize: size, classes: classCount, batch: batch, seed: seed)
        case "resnet34": return try ResNet.resnet34(inputSize: size, classes: classCount, batch: batch, seed: seed)
        case "resnet50": return try ResNet.resnet50(inputSize: size, classes: classCount, batch: batch, seed: seed)
        case "mobilenetv2": return try MobileNetV2.make(inputSize: size, classes: classCount, batch: batch, seed: seed)
        case "seednet": return try SeedNet.make(inputSize: size, classes: classCount, batch: batch, seed: seed)
        default:
            throw StrataError.invalidArgument("unknown model '\(name)'; expected one of \(names.joined(separator: ", "))")
        }
    }

    /// Builds `name` with the weights of a safetensors file whose names are PyTorch's
    /// `state_dict` keys (torchvision's for ResNet, VGG and MobileNetV2: `conv1.weight`,
    /// `layer1.0.bn1.running_var`, `fc.bias`), such as
    /// `safetensors.torch.save_file(torchvision.models.resnet18(weights=...).state_dict(), path)`.
    ///
    /// The number of classes follows the file: the first dimension of the classifier's
    /// weight (``classifierName(_:)``), so a model fine-tuned to 10 classes loads as a
    /// 10-class model. The input size does not change the weights of ResNet and MobileNetV2
    /// (global average pooling); VGG's first classifier layer fixes it (25088 = 512·7·7
    /// features: 224x224).
    /// - Parameters:
    ///   - name: a built-in model (``names``).
    ///   - url: the `.safetensors` file (float types converted to float32, see ``SafetensorsDType``).
    ///   - inputSize: input height and width (default ``defaultInputSize(_:)``).
    ///   - batch: input batch.
    /// - Throws: ``StrataError/invalidFile(_:)`` for a malformed file, a missing classifier
    ///   weight, or one error listing every missing, unexpected and wrong-shaped tensor
    ///   (see ``Graph/loadingParameters(contentsOf:)``); ``StrataError/memoryLimit(_:)``.
    public static func build(_ name: String, weights url: URL, inputSize: Int? = nil, batch: Int = 1) throws -> Graph {
        guard names.contains(name) else {
            throw StrataError.invalidArgument("unknown model '\(name)'; expected one of \(names.joined(separator: ", "))")
        }
        // The header alone first: the classes, before the weights are read or drawn.
        let classes = try classes(name, in: try Safetensors.shapes(in: url), origin: url.path(percentEncoded: false))
        let graph = try build(name, inputSize: inputSize, classes: classes, batch: batch)
        return try graph.loadingParameters(contentsOf: url)
    }

    /// A built-in model with the given weights (PyTorch `state_dict` names, as
    /// `Safetensors.decode` gives from a file's bytes); see ``build(_:weights:inputSize:batch:)``,
    /// which this is for weights already in memory.
    /// - Throws: what that throws, naming the tensors instead of a file.
    public static func build(_ name: String, tensors: [String: Tensor], inputSize: Int? = nil, batch: Int = 1) throws -> Graph {
        guard names.contains(name) else {
            throw StrataError.invalidArgument("unknown model '\(name)'; expected one of \(names.joined(separator: ", "))")
        }
        let classes = try classes(name, in: tensors.mapValues(\.shape), origin: "the weights")
        return try build(name, inputSize: inputSize, classes: classes, batch: batch).loadingParameters(tensors)
    }

    /// The class count the classifier weight in `shapes` gives; throws naming what is there.
    private static func classes(_ name: String, in shapes: [String: Shape], origin: String) throws -> Int {
        let classifier = classifierName(name) + ".weight"
        guard let weight = shapes[classifier], weight.rank == 2, weight[0] >= 1 else {
            let found = shapes[classifier].map { "has shape \($0)" } ?? "is missing"
            let examples = shapes.keys.sorted(by: Safetensors.byteOrder).prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            throw StrataError.invalidFile(
                "\(origin): tensor '\(classifier)' \(found); expected the \(name) classifier's weight [classes, features] "
                    + "(torchvision's state_dict names; there are \(shapes.count) tensors, such as \(examples))")
        }
        return weight[0]
    }
}
