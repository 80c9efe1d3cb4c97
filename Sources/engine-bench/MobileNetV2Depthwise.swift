import Strata

/// MobileNetV2's distinct depthwise convolutions at 224x224 (3x3, padding 1, multiplier
/// 1), each with the bias and the ReLU6 it has once BatchNorm and Clip are fused, and how
/// many times the network runs it (`count`), so a weighted total follows the network.
let mobileNetV2Depthwise: [(layer: ConvLayerShape, count: Int)] = [
    (depthwise("dw112x32.s1", channels: 32, input: 112, stride: 1), 1),
    (depthwise("dw112x96.s2", channels: 96, input: 112, stride: 2), 1),
    (depthwise("dw56x144.s1", channels: 144, input: 56, stride: 1), 1),
    (depthwise("dw56x144.s2", channels: 144, input: 56, stride: 2), 1),
    (depthwise("dw28x192.s1", channels: 192, input: 28, stride: 1), 2),
    (depthwise("dw28x192.s2", channels: 192, input: 28, stride: 2), 1),
    (depthwise("dw14x384.s1", channels: 384, input: 14, stride: 1), 4),
    (depthwise("dw14x576.s1", channels: 576, input: 14, stride: 1), 2),
    (depthwise("dw14x576.s2", channels: 576, input: 14, stride: 2), 1),
    (depthwise("dw7x960.s1", channels: 960, input: 7, stride: 1), 3),
]

/// A 3x3 depthwise convolution padded by 1 (PyTorch `Conv2d(c, c, 3, stride, 1, groups=c)`).
private func depthwise(_ name: String, channels: Int, input: Int, stride: Int) -> ConvLayerShape {
    ConvLayerShape(
        name: name,
        configuration: Conv2dConfiguration(
            inChannels: channels, outChannels: channels, kernel: 3, stride: Size2D(height: stride, width: stride),
            padding: .symmetric(1), groups: channels),
        inputSize: input)
}
