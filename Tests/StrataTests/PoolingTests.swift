import Strata
import StrataReference
import Testing

/// One pooling case: the engine's configuration plus the same numbers for the reference,
/// spelled out without the engine's window arithmetic on purpose: the random tests check
/// that the engine rejects a configuration exactly when the reference has no finite
/// output, so the reference must run on configurations the engine refuses (the reference
/// table's `Pool2dConfiguration.referenceParameters` plans through the engine).
struct PoolCase: CustomStringConvertible {
    var kind: PoolKind
    var batch: Int, channels: Int, height: Int, width: Int
    var kernel: Size2D, stride: Size2D, dilation: Size2D = 1
    var padding: Padding2D = .zero
    var ceilMode = false, countIncludePad = false

    var configuration: Pool2dConfiguration {
        Pool2dConfiguration(kind: kind, kernel: kernel, stride: stride, padding: .explicit(padding),
                            dilation: dilation, ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    var reference: ReferencePool2dParameters {
        ReferencePool2dParameters(
            batch: batch, channels: channels, inHeight: height, inWidth: width,
            kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
            dilationHeight: dilation.height, dilationWidth: dilation.width,
            padTop: padding.top, padLeft: padding.left, padBottom: padding.bottom, padRight: padding.right,
            ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    var description: String { "\(kind) \(reference)" }

    func run(_ input: Tensor, workers: Int) throws -> Tensor { try runPool2d(configuration, input, workers: workers) }

    func expected(_ input: Tensor) throws -> Tensor {
        let p = reference
        let values = kind == .max ? Reference.maxPool2d(input: input.scalars, p) : Reference.avgPool2d(input: input.scalars, p)
        return try Tensor(shape: [batch, channels, p.outHeight, p.outWidth], values: values)
    }
}

/// The engine's output through ``pool2d``, pre-filled with NaN so an element left unwritten shows up.
func runPool2d(_ configuration: Pool2dConfiguration, _ input: Tensor, workers: Int) throws -> Tensor {
    let geometry = try configuration.geometry(input: Size2D(input.shape[2], input.shape[3]))
    var output = try Tensor(shape: try configuration.outputShape(input: input.shape).dimensions, repeating: .nan)
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            pool2d(configuration, geometry: geometry, input: x.baseAddress!, batchChannels: input.shape[0] * input.shape[1],
                   output: y.baseAddress!, workers: workers)
        }
    }
    return output
}

@Suite struct PoolingTests {
    static let seed: UInt64 = 20_260_214
    static let caseCount = 400
    static let tolerance = 1e-6

    /// One row in three is wide enough for the 8-output SIMD blocks at stride 2.
    /// Padding is mostly below the window extent E (up to E − 1, beyond PyTorch's K/2), and
    /// one time in five up to 3, which often leaves windows of only padding to be rejected.
    /// Max and average pooling are both dilated (ONNX AveragePool from opset 19).
    static func randomCase(_ rng: inout SeededGenerator) -> PoolCase {
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        let kind: PoolKind = pick(0...1) == 0 ? .max : .average
        let kernel = Size2D(pick(1...4), pick(1...4))
        let dilation = Size2D(pick(1...3), pick(1...2))
        func pad(_ k: Int, _ d: Int) -> Int { pick(0...4) == 0 ? pick(0...3) : pick(0...d * (k - 1)) }
        return PoolCase(
            kind: kind, batch: [1, 1, 2, 3][pick(0...3)], channels: pick(1...5), height: pick(1...13),
            width: pick(0...2) == 0 ? pick(17...45) : pick(1...13),
            kernel: kernel, stride: Size2D(pick(1...3), pick(1...3)), dilation: dilation,
            padding: Padding2D(top: pad(kernel.height, dilation.height), left: pad(kernel.width, dilation.width),
                               bottom: pad(kernel.height, dilation.height), right: pad(kernel.width, dilation.width)),
            ceilMode: pick(0...1) == 1, countIncludePad: pick(0...1) == 1)
    }

    /// Fast kernel vs reference, and the engine rejects a configuration exactly when the
    /// reference cannot produce it: an empty output, or a window with no real pixel (the
    /// reference then gives −∞ for max and 0/0 = NaN for an average without padding counted).
    @Test func randomConfigurationsMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed)
        var (compared, rejected, ceilAdded, ceilDropped, dilatedAverages) = (0, 0, 0, 0, 0)
        for index in 0..<Self.caseCount {
            let testCase = Self.randomCase(&rng)
            let input = try Tensor.uniform([testCase.batch, testCase.channels, testCase.height, testCase.width],
                                           low: -1, high: 1, using: &rng)
            let label = "seed \(Self.seed) case \(index) [\(testCase)]"
            let reference = testCase.reference
            let expected = reference.outHeight * reference.outWidth == 0 ? nil : try testCase.expected(input)
            guard let expected, expected.scalars.allSatisfy(\.isFinite) else {
                rejected += 1
                #expect(throws: StrataError.self, "\(label): the reference has no finite output") {
                    try testCase.configuration.outputShape(input: input.shape)
                }
                continue
            }
            let workers = index % 3 + 1
            let actual: Tensor
            do { actual = try testCase.run(input, workers: workers) } catch {
                Issue.record("\(label): the engine threw \(error) but the reference has an output")
                continue
            }
            #expect(actual.shape == expected.shape, "\(label): shape \(actual.shape), reference \(expected.shape)")
            let comparison = try actual.compared(with: expected)
            #expect(comparison.relativeError <= Self.tolerance, "\(label) workers \(workers): \(comparison)")
            compared += 1
            // Ceil mode on the height axis: did it add a window, or drop one starting in the end padding?
            let span = testCase.height + testCase.padding.top + testCase.padding.bottom - (testCase.kernel.height - 1) * testCase.dilation.height - 1
            let (floorRows, ceilRows) = (span / testCase.stride.height + 1, (span + testCase.stride.height - 1) / testCase.stride.height + 1)
            if testCase.ceilMode && actual.shape[2] > floorRows { ceilAdded += 1 }
            if testCase.ceilMode && actual.shape[2] < ceilRows { ceilDropped += 1 }
            if testCase.kind == .average && testCase.dilation != 1 { dilatedAverages += 1 }
        }
        #expect(compared >= 200 && rejected >= 10, "seed \(Self.seed): compared \(compared), rejected \(rejected)")
        #expect(ceilAdded >= 10 && ceilDropped >= 3, "seed \(Self.seed): ceil mode added \(ceilAdded), dropped \(ceilDropped)")
        #expect(dilatedAverages >= 50, "seed \(Self.seed): dilated averages compared \(dilatedAverages)")
    }

    /// Ceil mode with a window longer than the padded height by less than one stride (so
    /// one output row, the window hanging past the end), max and average, dilated or not,
    /// any count_include_pad; the width is an ordinary axis, long on one case in three.
    @Test func ceilWindowsLongerThanInputMatchReference() throws {
        var rng = SeededGenerator(seed: Self.seed + 2)
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        var (compared, averages) = (0, 0)
        for index in 0..<150 {
            let kernel = Size2D(pick(2...4), pick(1...4)), dilation = Size2D(pick(1...3), pick(1...2))
            let extent = dilation.height * (kernel.height - 1) + 1
            let height = pick(1...(extent - 1))
            let (top, bottom) = (pick(0...(extent - 1 - height)), 0)
            let overhang = extent - (height + top + bottom)                 // >= 1
            let longWidth = index % 3 == 0
            let widthExtent = dilation.width * (kernel.width - 1) + 1
            let width = longWidth ? max(1, widthExtent - pick(1...2)) : pick(widthExtent...20)
            let widthOverhang = max(0, widthExtent - width)
            let testCase = PoolCase(
                kind: pick(0...1) == 0 ? .max : .average, batch: 1, channels: pick(1...3), height: height, width: width,
                kernel: kernel, stride: Size2D(overhang + pick(1...2), widthOverhang + pick(1...3)), dilation: dilation,
                padding: Padding2D(top: top, left: 0, bottom: bottom, right: 0), ceilMode: true, countIncludePad: pick(0...1) == 1)
            let label = "seed \(Self.seed + 2) case \(index) [\(testCase)]"
            let input = try Tensor.uniform([1, testCase.channels, height, width], low: -1, high: 1, using: &rng)
            let expected = try testCase.expected(input)
            guard expected.scalars.allSatisfy(\.isFinite) else {   // a window of only padding
                #expect(throws: StrataError.self, "\(label)") { try testCase.configuration.outputShape(input: input.shape) }
                continue
            }
            #expect(expected.shape[2] == 1, "\(label): the reference has \(expected.shape[2]) rows")
            let actual = try testCase.run(input, workers: index % 2 + 1)
            #expect(actual.shape == expected.shape, "\(label): shape \(actual.shape), reference \(expected.shape)")
            let comparison = try actual.compared(with: expected)
            #expect(comparison.relativeError <= Self.tolerance, "\(label): \(comparison)")
            compared += 1
            if testCase.kind == .average { averages += 1 }
        }
        #expect(compared >= 100 && averages >= 40, "seed \(Self.seed + 2): compared \(compared), averages \(averages)")
    }

    static func pool(_ configuration: Pool2dConfiguration, _ dimensions: [Int], _ values: [Float], workers: Int = 1) throws -> [Float] {
        try runPool2d(configuration, try Tensor(shape: dimensions, values: values), workers: workers).scalars
    }

    /// PyTorch AvgPool2d(3, stride 2, padding 1, ceil_mode=True, count_include_pad=True) on
    /// ones(1, 1, 4, 4). Output size: ceil((4 + 2 − 3)/2) + 1 = 3, and (3 − 1)·2 = 4 < 4 + 1,
    /// so the last window stays: 3x3. Per axis (start = o·2 − 1, end = min(start + 3, 4 + 1)):
    ///   o = 0: rows −1..<2, divisor 3, real rows {0, 1}    → 2 ones
    ///   o = 1: rows  1..<4, divisor 3, real rows {1, 2, 3} → 3 ones
    ///   o = 2: rows  3..<5 (6 clipped to 5), divisor 2, real row {3} → 1 one
    /// so out[i][j] = real_i·real_j / (div_i·div_j) with real (2, 3, 1), div (3, 3, 2):
    ///   [4/9, 6/9, 2/6; 6/9, 9/9, 3/6; 2/6, 3/6, 1/4]. The corner is 1/4, not 1/9: the
    /// window overhanging the end padding is divided by 2·2, not 3·3.
    @Test func pyTorchCeilModeCountIncludePadCorner() throws {
        let expected: [Float] = [4.0 / 9, 6.0 / 9, 2.0 / 6, 6.0 / 9, 1, 3.0 / 6, 2.0 / 6, 3.0 / 6, 1.0 / 4]
        for workers in [1, 2] {
            let include = Pool2dConfiguration.average(kernel: 3, stride: 2, padding: .symmetric(1), ceilMode: true, countIncludePad: true)
            let actual = try Self.pool(include, [1, 1, 4, 4], Array(repeating: 1, count: 16), workers: workers)
            #expect(zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-7 }, "workers \(workers): \(actual)")
            // Without count_include_pad every window averages only ones.
            var exclude = include
            exclude.countIncludePad = false
            #expect(try Self.pool(exclude, [1, 1, 4, 4], Array(repeating: 1, count: 16), workers: workers) == Array(repeating: 1, count: 9))
        }
    }

    /// 1..9 in a 3x3, kernel 2, stride 2, padding 1: (3 + 2 − 2)/2 + 1 = 2 per axis;
    /// windows cover rows {0} and {1, 2} (likewise columns). Sums: 1, 2+3 = 5, 4+7 = 11,
    /// 5+6+8+9 = 28. Excluding padding: 1/1, 5/2, 11/2, 28/4; including it: every window
    /// lies inside the padded 5x5, so all divide by 4.
    @Test func averagePoolingPaddingDivisors() throws {
        let input: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let exclude = Pool2dConfiguration.average(kernel: 2, stride: 2, padding: .symmetric(1))
        #expect(try Self.pool(exclude, [1, 1, 3, 3], input) == [1, 2.5, 5.5, 7])
        let include = Pool2dConfiguration.average(kernel: 2, stride: 2, padding: .symmetric(1), countIncludePad: true)
        #expect(try Self.pool(include, [1, 1, 3, 3], input) == [0.25, 1.25, 2.75, 7])
    }

    /// Kernel 2 stride 2 on 0..15 (4x4): windows {0,1,4,5} {2,3,6,7} {8,9,12,13} {10,11,14,15}.
    @Test func maxPoolingTwoByTwo() throws {
        let configuration = Pool2dConfiguration.max(kernel: 2, stride: 2)
        #expect(try Self.pool(configuration, [1, 1, 4, 4], (0..<16).map(Float.init)) == [5, 7, 13, 15])
    }

    /// Padding is −∞, not 0: x[r][c] = −(3r + c + 1) on 3x3, kernel 2, stride 1, padding 1
    /// gives a 4x4 output whose window (oh, ow) holds rows oh−1...oh and columns ow−1...ow;
    /// the max is the pixel nearest the top-left, −(3·max(oh−1, 0) + max(ow−1, 0) + 1).
    @Test func maxPoolingNeverSelectsPadding() throws {
        let configuration = Pool2dConfiguration.max(kernel: 2, stride: 1, padding: .symmetric(1))
        let input = (0..<9).map { -Float($0 + 1) }
        #expect(try Self.pool(configuration, [1, 1, 3, 3], input) == [-1, -1, -2, -3, -1, -1, -2, -3, -4, -4, -5, -6, -7, -7, -8, -9])
    }

    /// Kernel 2, dilation 2 (extent 3) on 4x4: window (oh, ow) reads (oh, ow), (oh, ow+2),
    /// (oh+2, ow), (oh+2, ow+2): {9,1,3,4} → 9, {0,0,0,0} → 0, {0,0,0,0} → 0, {8,2,5,7} → 8.
    /// Without dilation window (0, 1) would be {0,1,8,0} → 8.
    @Test func dilatedMaxPooling() throws {
        let input: [Float] = [9, 0, 1, 0, 0, 8, 0, 2, 3, 0, 4, 0, 0, 5, 0, 7]
        #expect(try Self.pool(.max(kernel: 2, stride: 1, dilation: 2), [1, 1, 4, 4], input) == [9, 0, 0, 8])
    }

    /// Dilated average pooling (ONNX AveragePool, opset 19) on 1...16 in a 4x4. Kernel 2,
    /// dilation 2, stride 1: window (oh, ow) averages (oh, ow), (oh, ow+2), (oh+2, ow),
    /// (oh+2, ow+2): (1+3+9+11)/4 = 6, 7, 10, 11. With padding 1 and stride 2 the taps sit at
    /// −1, 1 and 1, 3 on each axis, so the windows hold {6}, {6, 8}, {6, 14}, {6, 8, 14, 16}:
    /// sums 6, 14, 20, 44. Without count_include_pad: 6, 7, 10, 11; with it every window's
    /// 2x2 taps lie inside the padded 6x6, so all divide by 4: 1.5, 3.5, 5, 11.
    @Test func dilatedAveragePooling() throws {
        let input = (1...16).map(Float.init)
        #expect(try Self.pool(.average(kernel: 2, stride: 1, dilation: 2), [1, 1, 4, 4], input) == [6, 7, 10, 11])
        let padded = Pool2dConfiguration.average(kernel: 2, stride: 2, padding: .symmetric(1), dilation: 2)
        #expect(try Self.pool(padded, [1, 1, 4, 4], input) == [6, 7, 10, 11])
        var include = padded
        include.countIncludePad = true
        #expect(try Self.pool(include, [1, 1, 4, 4], input, workers: 2) == [1.5, 3.5, 5, 11])
    }

    /// With count_include_pad an all-padding window is defined: 1x1 input 5, kernel 1,
    /// padding 1 → 3x3 output, 5 in the centre, 0 / 1 = 0 elsewhere.
    @Test func allPaddingWindowWithCountIncludePad() throws {
        let configuration = Pool2dConfiguration.average(kernel: 1, stride: 1, padding: .symmetric(1), countIncludePad: true)
        #expect(try Self.pool(configuration, [1, 1, 1, 1], [5]) == [0, 0, 0, 0, 5, 0, 0, 0, 0])
    }

    @Test func nanPropagatesThroughMax() throws {
        // Kernel 2 stride 2 on 2x4: the NaN sits in the left window only.
        let result = try Self.pool(.max(kernel: 2, stride: 2), [1, 1, 2, 4], [1, .nan, 3, 4, 5, 6, 7, 8])
        #expect(result[0].isNaN && result[1] == 8, "\(result)")
    }

    @Test func errors() {
        expectStrataError(.invalidArgument, mentioning: ["kernel", "0x3"]) {
            _ = try Pool2dConfiguration.max(kernel: Size2D(0, 3), stride: 1).outputShape(input: [1, 1, 8, 8])
        }
        expectStrataError(.invalidArgument, mentioning: ["stride", "-1"]) {
            _ = try Pool2dConfiguration.average(kernel: 2, stride: -1).outputShape(input: [1, 1, 8, 8])
        }
        expectStrataError(.invalidShape, mentioning: ["[3, 9, 9]", "rank 3", "rank 4"]) {
            _ = try Pool2dConfiguration.max(kernel: 2, stride: 2).outputShape(input: [3, 9, 9])
        }
        // Window 5 > 2 + 1 + 1 padded rows.
        expectStrataError(.invalidArgument, mentioning: ["5 pixels", "height", "2 + 1 + 1 = 4"]) {
            _ = try Pool2dConfiguration.max(kernel: 5, stride: 1, padding: .symmetric(1)).outputShape(input: [1, 1, 2, 9])
        }
    }

    /// Padding above kernel/2 is allowed (ONNX) while every window still reads a pixel:
    /// kernel 3, padding 2 on 4 columns: (4 + 4 − 3)/1 + 1 = 6 windows starting at −2..3,
    /// each holding at least one of columns 0..3.
    @Test func largePaddingIsAllowedWhileWindowsReadInput() throws {
        let configuration = Pool2dConfiguration.max(kernel: 3, stride: 1, padding: .symmetric(2))
        #expect(try configuration.outputShape(input: [2, 3, 4, 4]) == [2, 3, 6, 6])
    }

    @Test func windowsOfOnlyPaddingAreRejected() {
        // Kernel 2, padding 2 on 4x4: window 0 covers rows −2 and −1.
        let padded = Pool2dConfiguration.max(kernel: 2, stride: 1, padding: .symmetric(2))
        expectStrataError(.invalidArgument, mentioning: ["output row 0 of 7", "only padding", "input 4", "padding 2 + 2"]) {
            _ = try padded.outputShape(input: [1, 1, 4, 4])
        }
        var average = padded
        average.kind = .average
        expectStrataError(.invalidArgument, mentioning: ["average pooling", "only padding", "0 by 0"]) {
            _ = try average.outputShape(input: [1, 1, 4, 4])
        }
        average.countIncludePad = true
        #expect(throws: Never.self) { _ = try average.outputShape(input: [1, 1, 4, 4]) }
        // Padding 2 < extent 4, yet dilation 3 puts window 0's taps at −2 and 1 on 1 column.
        let dilated = Pool2dConfiguration.max(kernel: 2, stride: 1, padding: .explicit(Padding2D(top: 0, left: 2, bottom: 0, right: 2)), dilation: 3)
        expectStrataError(.invalidArgument, mentioning: ["output column 0", "dilation 3", "-2, 1"]) {
            _ = try dilated.outputShape(input: [1, 1, 4, 1])
        }
    }
}
