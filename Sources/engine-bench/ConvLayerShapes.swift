import ArgumentParser
import Strata

/// One convolution layer to benchmark, with the input it sees in the network.
struct ConvLayerShape {
    let name: String
    let configuration: Conv2dConfiguration
    /// Input height = width.
    let inputSize: Int
}

/// Every distinct convolution shape of torchvision's ResNet-18 at 224x224: the 7x7 stem,
/// the 3x3 convolutions of each stage (the first of stages 2-4 with stride 2) and the
/// 1x1 stride-2 shortcut projections.
let resNet18Convolutions: [ConvLayerShape] = [
        conv("conv1", 3, 64, kernel: 7, stride: 2, input: 224),
        conv("layer1.conv3x3", 64, 64, kernel: 3, stride: 1, input: 56),
        conv("layer2.0.conv1", 64, 128, kernel: 3, stride: 2, input: 56),
        conv("layer2.conv3x3", 128, 128, kernel: 3, stride: 1, input: 28),
        conv("layer2.0.downsample", 64, 128, kernel: 1, stride: 2, input: 56),
        conv("layer3.0.conv1", 128, 256, kernel: 3, stride: 2, input: 28),
        conv("layer3.conv3x3", 256, 256, kernel: 3, stride: 1, input: 14),
        conv("layer3.0.downsample", 128, 256, kernel: 1, stride: 2, input: 28),
        conv("layer4.0.conv1", 256, 512, kernel: 3, stride: 2, input: 14),
        conv("layer4.conv3x3", 512, 512, kernel: 3, stride: 1, input: 7),
        conv("layer4.0.downsample", 256, 512, kernel: 1, stride: 2, input: 14),
]

/// Every distinct convolution shape of torchvision's VGG-16 at 224x224: all 3x3 stride 1
/// with padding 1, the Winograd candidates with the most work.
let vgg16Convolutions: [ConvLayerShape] = [
    conv("vgg.conv1_1", 3, 64, kernel: 3, stride: 1, input: 224),
    conv("vgg.conv1_2", 64, 64, kernel: 3, stride: 1, input: 224),
    conv("vgg.conv2_1", 64, 128, kernel: 3, stride: 1, input: 112),
    conv("vgg.conv2_2", 128, 128, kernel: 3, stride: 1, input: 112),
    conv("vgg.conv3_1", 128, 256, kernel: 3, stride: 1, input: 56),
    conv("vgg.conv3_2", 256, 256, kernel: 3, stride: 1, input: 56),
    conv("vgg.conv4_1", 256, 512, kernel: 3, stride: 1, input: 28),
    conv("vgg.conv4_2", 512, 512, kernel: 3, stride: 1, input: 28),
    conv("vgg.conv5_1", 512, 512, kernel: 3, stride: 1, input: 14),
]

/// The layer lists `--network` selects.
enum BenchNetwork: String, ExpressibleByArgument, CaseIterable {
    case resnet18, vgg16

    var convolutions: [ConvLayerShape] {
        switch self {
        case .resnet18: resNet18Convolutions
        case .vgg16: vgg16Convolutions
        }
    }
}

/// ResNet-50's distinct stride-1 1x1 convolutions (`--pointwise`): every 1x1 of ResNet-18
/// has stride 2, so these show the pointwise fast path (no im2col) on real shapes.
let resNet50PointwiseConvolutions: [ConvLayerShape] = [
    conv("r50.layer1.conv1", 256, 64, kernel: 1, stride: 1, input: 56),
    conv("r50.layer1.conv3", 64, 256, kernel: 1, stride: 1, input: 56),
    conv("r50.layer2.conv1", 512, 128, kernel: 1, stride: 1, input: 28),
    conv("r50.layer2.conv3", 128, 512, kernel: 1, stride: 1, input: 28),
    conv("r50.layer3.conv1", 1024, 256, kernel: 1, stride: 1, input: 14),
    conv("r50.layer3.conv3", 256, 1024, kernel: 1, stride: 1, input: 14),
    conv("r50.layer4.conv1", 2048, 512, kernel: 1, stride: 1, input: 7),
    conv("r50.layer4.conv3", 512, 2048, kernel: 1, stride: 1, input: 7),
]

/// A square convolution padded to keep the size at stride 1 (PyTorch `padding=k//2`).
private func conv(_ name: String, _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, input: Int) -> ConvLayerShape {
    ConvLayerShape(
        name: name,
        configuration: Conv2dConfiguration(
            inChannels: inChannels, outChannels: outChannels, kernel: Size2D(height: kernel, width: kernel),
            stride: Size2D(height: stride, width: stride), padding: .symmetric(kernel / 2)),
        inputSize: input)
}
