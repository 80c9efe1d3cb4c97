/// Every model builder by its command-line name (`engine-bench net NAME`).
public enum ModelZoo {
    /// The names ``build(_:inputSize:classes:batch:seed:)`` accepts, in the order help texts list them.
    public static let names = ["vgg11", "vgg16", "resnet18", "resnet34", "resnet50", "mobilenetv2", "seednet"]

    /// Default input size of a model (224, or 28 for the seed network).
    public static func defaultInputSize(_ name: String) -> Int { name == "seednet" ? 28 : 224 }

    /// Builds `name` with seeded weights. Throws for an unknown name, listing the known ones.
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
}
