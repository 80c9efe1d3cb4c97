import Strata

/// One 1x1 convolution of MobileNetV2 at 224x224 with its fused activation (ReLU6 after an
/// expansion, none after a projection) and how many times the network runs it.
struct PointwiseLayer {
    let name: String
    let inChannels: Int, outChannels: Int
    /// Input height = width.
    let size: Int
    let activation: Activation?
    let count: Int
}

/// MobileNetV2's distinct 1x1 convolutions (every stride 1, no padding: the pointwise GEMM).
let mobileNetV2Pointwise: [PointwiseLayer] = [
    PointwiseLayer(name: "pw112.32>16", inChannels: 32, outChannels: 16, size: 112, activation: nil, count: 1),
    PointwiseLayer(name: "pw112.16>96", inChannels: 16, outChannels: 96, size: 112, activation: .relu6, count: 1),
    PointwiseLayer(name: "pw56.96>24", inChannels: 96, outChannels: 24, size: 56, activation: nil, count: 1),
    PointwiseLayer(name: "pw56.24>144", inChannels: 24, outChannels: 144, size: 56, activation: .relu6, count: 2),
    PointwiseLayer(name: "pw56.144>24", inChannels: 144, outChannels: 24, size: 56, activation: nil, count: 1),
    PointwiseLayer(name: "pw28.144>32", inChannels: 144, outChannels: 32, size: 28, activation: nil, count: 1),
    PointwiseLayer(name: "pw28.32>192", inChannels: 32, outChannels: 192, size: 28, activation: .relu6, count: 3),
    PointwiseLayer(name: "pw28.192>32", inChannels: 192, outChannels: 32, size: 28, activation: nil, count: 2),
    PointwiseLayer(name: "pw14.192>64", inChannels: 192, outChannels: 64, size: 14, activation: nil, count: 1),
    PointwiseLayer(name: "pw14.64>384", inChannels: 64, outChannels: 384, size: 14, activation: .relu6, count: 4),
    PointwiseLayer(name: "pw14.384>64", inChannels: 384, outChannels: 64, size: 14, activation: nil, count: 3),
    PointwiseLayer(name: "pw14.384>96", inChannels: 384, outChannels: 96, size: 14, activation: nil, count: 1),
    PointwiseLayer(name: "pw14.96>576", inChannels: 96, outChannels: 576, size: 14, activation: .relu6, count: 3),
    PointwiseLayer(name: "pw14.576>96", inChannels: 576, outChannels: 96, size: 14, activation: nil, count: 2),
    PointwiseLayer(name: "pw7.576>160", inChannels: 576, outChannels: 160, size: 7, activation: nil, count: 1),
    PointwiseLayer(name: "pw7.160>960", inChannels: 160, outChannels: 960, size: 7, activation: .relu6, count: 3),
    PointwiseLayer(name: "pw7.960>160", inChannels: 960, outChannels: 160, size: 7, activation: nil, count: 2),
    PointwiseLayer(name: "pw7.960>320", inChannels: 960, outChannels: 320, size: 7, activation: nil, count: 1),
    PointwiseLayer(name: "pw7.320>1280", inChannels: 320, outChannels: 1280, size: 7, activation: .relu6, count: 1),
]
