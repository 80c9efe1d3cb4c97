import Strata
import StrataReference
import Testing

/// One pooling case with onnxruntime's output.
struct PoolEdgeCase: CustomStringConvertible, Sendable {
    var name: String
    var kind: PoolKind
    var inputShape: [Int]
    var kernel: Size2D, stride: Size2D, dilation: Size2D, padding: Padding2D
    var ceilMode: Bool, countIncludePad: Bool
    var expectedShape: [Int], expected: [Float]

    /// The attributes as ONNX spells them: `[height, width]` pairs, pads `[top, left, bottom, right]`.
    init(_ name: String, _ kind: PoolKind, _ inputShape: [Int], kernel: [Int], strides: [Int], dilations: [Int],
         pads: [Int], ceilMode: Bool, countIncludePad: Bool, expectedShape: [Int], expected: [Float]) {
        (self.name, self.kind, self.inputShape) = (name, kind, inputShape)
        (self.kernel, self.stride, self.dilation) = (Size2D(kernel[0], kernel[1]), Size2D(strides[0], strides[1]), Size2D(dilations[0], dilations[1]))
        padding = Padding2D(top: pads[0], left: pads[1], bottom: pads[2], right: pads[3])
        (self.ceilMode, self.countIncludePad, self.expectedShape, self.expected) = (ceilMode, countIncludePad, expectedShape, expected)
    }

    var poolCase: PoolCase {
        PoolCase(kind: kind, batch: inputShape[0], channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                 kernel: kernel, stride: stride, dilation: dilation, padding: padding,
                 ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    var description: String { "\(name) [\(poolCase)]" }
}

/// Pooling windows longer than the input under ceil_mode (issue 8, item 3) and dilated
/// average pooling (item 4), against onnxruntime 1.32.
@Suite struct PoolingEdgeTests {
    /// The input of every case, exact in float: x[i] = ((37·i) mod 64 − 32) / 8.
    static func input(_ shape: [Int]) throws -> Tensor {
        try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { Float((37 * $0) % 64 - 32) / 8 })
    }

    /// onnxruntime 1.32's outputs (one MaxPool or AveragePool node, opset 19, CPU provider),
    /// printed in this form by `Scripts/make-onnx-cases --print-edge-values`.
    static let cases: [PoolEdgeCase] = [
        PoolEdgeCase("max window longer than input, dilated", .max, [1, 2, 4, 6], kernel: [3, 3], strides: [2, 2], dilations: [2, 2],
                     pads: [0, 0, 0, 0], ceilMode: true, countIncludePad: false, expectedShape: [1, 2, 1, 2],
                     expected: [3.5, -1.5, 3.75, 3.75]),
        PoolEdgeCase("max window longer than 2 rows", .max, [1, 1, 2, 5], kernel: [3, 3], strides: [2, 2], dilations: [1, 1],
                     pads: [0, 0, 0, 0], ceilMode: true, countIncludePad: false, expectedShape: [1, 1, 1, 2],
                     expected: [3.125, 1.875]),
        PoolEdgeCase("max window longer than padded rows", .max, [1, 2, 2, 5], kernel: [4, 3], strides: [2, 2], dilations: [1, 1],
                     pads: [1, 1, 0, 1], ceilMode: true, countIncludePad: false, expectedShape: [1, 2, 1, 3],
                     expected: [3.125, 1.875, 1.875, 2.25, 3.5, 3.875]),
        PoolEdgeCase("average window longer than padded rows, exclude pad", .average, [1, 2, 2, 5], kernel: [4, 3], strides: [2, 2], dilations: [1, 1],
                     pads: [1, 1, 0, 1], ceilMode: true, countIncludePad: false, expectedShape: [1, 2, 1, 3],
                     expected: [-0.125, -0.520833313, -0.25, 0.125, 0.395833343, 0]),
        PoolEdgeCase("average window longer than padded rows, include pad", .average, [1, 2, 2, 5], kernel: [4, 3], strides: [2, 2], dilations: [1, 1],
                     pads: [1, 1, 0, 1], ceilMode: true, countIncludePad: true, expectedShape: [1, 2, 1, 3],
                     expected: [-0.055555556, -0.347222209, -0.111111112, 0.055555556, 0.263888896, 0]),
        PoolEdgeCase("average window longer than input, dilated, include pad", .average, [1, 1, 4, 6], kernel: [3, 3], strides: [2, 2], dilations: [2, 2],
                     pads: [0, 0, 0, 0], ceilMode: true, countIncludePad: true, expectedShape: [1, 1, 1, 2],
                     expected: [-1.66666663, -2.375]),
        PoolEdgeCase("average dilated, exclude pad", .average, [1, 2, 5, 7], kernel: [2, 3], strides: [2, 2], dilations: [2, 2],
                     pads: [1, 1, 1, 1], ceilMode: false, countIncludePad: false, expectedShape: [1, 2, 3, 3],
                     expected: [1.625, 2.25, 2.875, 2, 1.29166663, 1.25,
                                2.375, 0.333333343, -0.375, -0.5, -1.20833337, -3.25,
                                -0.125, -0.833333313, -2.875, 0.25, -0.458333343, -2.5]),
        PoolEdgeCase("average dilated, include pad", .average, [1, 2, 5, 7], kernel: [2, 3], strides: [2, 2], dilations: [2, 2],
                     pads: [1, 1, 1, 1], ceilMode: false, countIncludePad: true, expectedShape: [1, 2, 3, 3],
                     expected: [0.541666687, 1.125, 0.958333313, 1.33333337, 1.29166663, 0.833333313,
                                0.791666687, 0.166666672, -0.125, -0.166666672, -0.604166687, -1.08333337,
                                -0.0833333358, -0.833333313, -1.91666663, 0.0833333358, -0.229166672, -0.833333313]),
        PoolEdgeCase("average dilated, ceil, include pad", .average, [1, 2, 6, 8], kernel: [2, 2], strides: [2, 3], dilations: [2, 3],
                     pads: [0, 1, 1, 0], ceilMode: true, countIncludePad: true, expectedShape: [1, 2, 3, 3],
                     expected: [-0.875, -0.8125, 0.125, 0.125, -0.8125, -1.875,
                                0.3125, 0.09375, -0.4375, 0.125, 1.1875, 2.125,
                                -0.875, -0.8125, 0.125, -0.1875, -0.90625, -1.4375]),
        PoolEdgeCase("average dilated, ceil, exclude pad", .average, [1, 2, 6, 8], kernel: [2, 2], strides: [2, 3], dilations: [2, 3],
                     pads: [0, 1, 1, 0], ceilMode: true, countIncludePad: false, expectedShape: [1, 2, 3, 3],
                     expected: [-1.75, -0.8125, 0.125, 0.25, -0.8125, -1.875,
                                1.25, 0.1875, -0.875, 0.25, 1.1875, 2.125,
                                -1.75, -0.8125, 0.125, -0.75, -1.8125, -2.875])
    ]

    @Test(arguments: cases)
    func matchesOnnxruntime(_ c: PoolEdgeCase) throws {
        let x = try Self.input(c.inputShape)
        for workers in [1, 2] {
            let actual = try c.poolCase.run(x, workers: workers)
            #expect(actual.shape.dimensions == c.expectedShape, "\(c): shape \(actual.shape)")
            guard actual.shape.dimensions == c.expectedShape else { continue }
            let comparison = try actual.compared(with: Tensor(shape: c.expectedShape, values: c.expected))
            #expect(comparison.relativeError <= 1e-6, "\(c) workers \(workers): \(comparison)")
        }
        let reference = try c.poolCase.expected(x)
        #expect(reference.shape.dimensions == c.expectedShape, "\(c): reference shape \(reference.shape)")
        if reference.shape.dimensions == c.expectedShape {
            let comparison = try reference.compared(with: Tensor(shape: c.expectedShape, values: c.expected))
            #expect(comparison.relativeError <= 1e-6, "\(c): reference \(comparison)")
        }
    }

    /// A window longer than the input by a whole stride has no output in ceil mode either:
    /// kernel 3, stride 2 on 1 row gives ceil(−2/2) + 1 = 0. (onnxruntime returns an empty
    /// [1, 1, 0, 3] tensor; PyTorch and Strata refuse.) Floor mode refuses any window longer
    /// than the padded input, where onnxruntime's truncating division still gives 1 output.
    @Test func windowLongerByAStrideIsRefused() {
        expectStrataError(.invalidArgument, mentioning: ["3 pixels", "longer than the padded height 1 + 0 + 0 = 1", "by 2", "stride 2"]) {
            _ = try Pool2dConfiguration.max(kernel: 3, stride: 2, ceilMode: true).outputShape(input: [1, 1, 1, 6])
        }
        expectStrataError(.invalidArgument, mentioning: ["5 pixels", "does not fit the padded height 4 + 0 + 0 = 4"]) {
            _ = try Pool2dConfiguration.max(kernel: 3, stride: 2, dilation: 2).outputShape(input: [1, 2, 4, 6])
        }
    }
}
