import Strata
import Testing

/// The built-in models' parameter names are torchvision's state_dict keys, so a
/// `safetensors.torch.save_file(model.state_dict())` file loads unchanged. Expected key
/// counts and names come from torchvision's module structure (torchvision/models/resnet.py,
/// vgg.py, mobilenetv2.py), not from the builders: every BatchNorm adds
/// `num_batches_tracked`, which Strata accepts and ignores, so the builder has one name
/// fewer per BatchNorm.
@Suite struct TorchvisionNamesTests {
    static let cases: [(model: String, keys: Int, batchNorms: Int, samples: [(String, [Int])])] = [
        // 20 convolutions + 20 BatchNorms x 5 + fc weight and bias = 122.
        ("resnet18", 122, 20, [("conv1.weight", [64, 3, 7, 7]), ("bn1.running_var", [64]),
                               ("layer1.0.conv1.weight", [64, 64, 3, 3]), ("layer2.0.downsample.0.weight", [128, 64, 1, 1]),
                               ("layer2.0.downsample.1.weight", [128]), ("layer4.1.bn2.bias", [512]),
                               ("fc.weight", [1000, 512]), ("fc.bias", [1000])]),
        // 52 convolutions + 52 BatchNorms x 5 + classifier.1 weight and bias = 314.
        ("mobilenetv2", 314, 52, [("features.0.0.weight", [32, 3, 3, 3]), ("features.0.1.running_mean", [32]),
                                  ("features.1.conv.0.0.weight", [32, 1, 3, 3]), ("features.1.conv.1.weight", [16, 32, 1, 1]),
                                  ("features.1.conv.2.weight", [16]), ("features.2.conv.0.0.weight", [96, 16, 1, 1]),
                                  ("features.2.conv.1.0.weight", [96, 1, 3, 3]), ("features.2.conv.3.running_var", [24]),
                                  ("features.18.0.weight", [1280, 320, 1, 1]), ("classifier.1.weight", [1000, 1280])]),
        // 8 convolutions with bias + 8 BatchNorms x 5 + 3 linear layers x 2 = 62.
        ("vgg11", 62, 8, [("features.0.weight", [64, 3, 3, 3]), ("features.0.bias", [64]), ("features.1.running_var", [64]),
                          ("features.4.weight", [128, 64, 3, 3]), ("features.25.weight", [512, 512, 3, 3]),
                          ("features.26.weight", [512]),
                          ("classifier.3.weight", [4096, 4096]), ("classifier.6.bias", [1000])]),
    ]

    @Test(arguments: cases.indices)
    func parameterNamesAreTorchvisionsStateDictKeys(_ index: Int) throws {
        let (model, keys, batchNorms, samples) = Self.cases[index]
        // Only VGG's first classifier layer depends on the input size: 32 keeps it small.
        let parameters = try ModelZoo.build(model, inputSize: 32).namedParameters
        let shapes = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value.shape.dimensions) })
        #expect(parameters.count + batchNorms == keys, "\(model): \(parameters.count) names + \(batchNorms) counters")
        for (name, shape) in samples {
            #expect(shapes[name] == shape, "\(model): '\(name)' is \(shapes[name].map { "\($0)" } ?? "missing"), expected \(shape)")
        }
        let classifier = ["resnet18": "fc", "mobilenetv2": "classifier.1", "vgg11": "classifier.6"][model]!
        #expect(ModelZoo.classifierName(model) == classifier && shapes[classifier + ".weight"]?.first == 1000)
    }
}
