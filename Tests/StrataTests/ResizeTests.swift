@testable import Strata
import StrataDiagnostics
import Testing

/// Resize: every kernel (copy, x2 replication, gather, bilinear, separable) against the
/// element-by-element reference on random shapes and attributes, the fast paths chosen
/// where they should be, values worked out by hand (ONNX's backend test data), and errors.
@Suite struct ResizeTests {
    static func run(_ configuration: ResizeConfiguration, _ x: Tensor, workers: Int = 1) throws -> Tensor {
        try GraphRunnerHarness.run(ResizeOp(configuration), x, workers: workers)
    }

    static func kernelName(_ configuration: ResizeConfiguration, _ input: [Int]) throws -> String {
        try ResizeKernel(configuration, input: Shape(input), workers: 2).name
    }

    /// A random configuration for a random shape: the mode, mapping, rounding, target
    /// (scales or sizes with a policy), axes (some negative), roi and antialias all drawn.
    static func randomCase(_ rng: inout SeededGenerator) -> ([Int], ResizeConfiguration) {
        let rank = Int.random(in: 1...4, using: &rng)
        let shape = (0..<rank).map { _ in Int.random(in: 1...7, using: &rng) }
        var axes = (0..<rank).filter { _ in Bool.random(using: &rng) }
        if axes.isEmpty { axes = [rank - 1] }
        let mode = ResizeMode.allCases.randomElement(using: &rng)!
        let coordinates = ResizeCoordinates.allCases.randomElement(using: &rng)!
        let nearest = NearestRounding.allCases.randomElement(using: &rng)!
        let target: ResizeTarget
        if Bool.random(using: &rng) {
            let choices: [Float] = [0.3, 0.5, 0.6, 0.75, 1, 1.3, 1.5, 2, 2.5, 3]
            target = .scales(axes.map { _ in choices.randomElement(using: &rng)! })
        } else {
            target = .sizes(axes.map { shape[$0] * Int.random(in: 1...5, using: &rng) / 2 + 1 },
                            AspectRatioPolicy.allCases.randomElement(using: &rng)!)
        }
        let roi: [Float]? = coordinates == .tfCropAndResize
            ? axes.map { _ in Float.random(in: -0.3...0.4, using: &rng) } + axes.map { _ in Float.random(in: 0.6...1.3, using: &rng) }
            : nil
        let smooth = mode != .nearest
        let configuration = ResizeConfiguration(
            mode: mode, coordinates: coordinates, nearest: nearest, cubicCoefficient: Bool.random(using: &rng) ? -0.75 : -0.5,
            excludeOutside: smooth && Bool.random(using: &rng), antialias: smooth && Bool.random(using: &rng),
            extrapolationValue: 9, target: target, axes: axes.map { Bool.random(using: &rng) ? $0 - rank : $0 }, roi: roi)
        return (shape, configuration)
    }

    @Test func randomResizesMatchTheReference() throws {
        let seed: UInt64 = 41
        var rng = SeededGenerator(seed: seed)
        var kernels: Set<String> = []
        for trial in 0..<400 {
            let (shape, configuration) = Self.randomCase(&rng)
            guard let output = try? configuration.outputShape(input: Shape(shape)), output.elementCount > 0 else { continue }
            kernels.insert(try Self.kernelName(configuration, shape))
            let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
            let expected = try referenceOutput(of: ResizeOp(configuration), inputs: [x])
            for workers in [1, 2] {
                let y = try Self.run(configuration, x, workers: workers)
                let label = "seed \(seed) trial \(trial): \(shape) \(configuration) workers \(workers)"
                #expect(y.shape == expected.shape, "\(label)")
                let comparison = try compare(y.scalars, expected.scalars, shape: [expected.elementCount])
                #expect(comparison.relativeError <= opTolerance, "\(label): \(comparison)")
            }
        }
        #expect(kernels.isSuperset(of: ["copy", "nearest", "separable"]), "kernels exercised: \(kernels)")
    }

    /// The fast paths on odd sizes (vector tails) and several planes, 1 and 2 workers.
    @Test(arguments: [[1, 3, 5, 7], [2, 4, 9, 13], [1, 1, 1, 3], [3, 17], [1, 2, 6, 33]])
    func fastPathsMatchTheReference(shape: [Int]) throws {
        var rng = SeededGenerator(seed: 7)
        let x = try Tensor.uniform(shape, low: -1, high: 1, using: &rng)
        let axes = [-2, -1]
        let cases: [(ResizeConfiguration, String)] = [
            (ResizeConfiguration(mode: .nearest, coordinates: .asymmetric, nearest: .floor, target: .scales([2, 2]), axes: axes), "replicate"),
            (ResizeConfiguration(mode: .nearest, target: .scales([2, 2]), axes: axes), "replicate"),
            (ResizeConfiguration(mode: .nearest, coordinates: .asymmetric, nearest: .floor, target: .scales([3, 2]), axes: axes), "replicate"),
            (ResizeConfiguration(mode: .nearest, coordinates: .asymmetric, nearest: .floor, target: .scales([1, 4]), axes: axes), "replicate"),
            (ResizeConfiguration(mode: .linear, target: .scales([2, 2]), axes: axes), "bilinear"),
            (ResizeConfiguration(mode: .linear, coordinates: .alignCorners, target: .sizes([7, 11], .stretch), axes: axes), "bilinear"),
            (ResizeConfiguration(mode: .linear, coordinates: .pytorchHalfPixel, target: .scales([0.5, 1.7]), axes: axes), "bilinear"),
        ]
        for (configuration, kernel) in cases where try configuration.outputShape(input: Shape(shape)).elementCount > 0 {
            #expect(try Self.kernelName(configuration, shape) == kernel, "\(configuration) on \(shape)")
            let expected = try referenceOutput(of: ResizeOp(configuration), inputs: [x])
            for workers in [1, 2] {
                let y = try Self.run(configuration, x, workers: workers)
                let label = "\(shape) \(configuration) workers \(workers)"
                if configuration.mode == .nearest {
                    #expect(y.scalars == expected.scalars, "\(label)")
                } else {
                    let comparison = try compare(y.scalars, expected.scalars, shape: [expected.elementCount])
                    #expect(comparison.relativeError <= opTolerance, "\(label): \(comparison)")
                }
            }
        }
    }

    @Test func fastPathsRunOnlyUnderTheirPreconditions() throws {
        // Nearest x2 whose indices are not o / 2 (asymmetric + ceil) gathers; bilinear with
        // antialias, or on an axis other than the last two, goes separable.
        #expect(try Self.kernelName(ResizeConfiguration(mode: .nearest, coordinates: .asymmetric, nearest: .ceil, target: .scales([2, 2]),
                                                        axes: [2, 3]), [1, 2, 4, 4]) == "nearest")
        // align_corners x2 on 4 reads 0, 0, 1, 1, 2, 2, 3, 3 (x·3/7 rounded): the tables allow replication.
        #expect(try Self.kernelName(ResizeConfiguration(mode: .nearest, coordinates: .alignCorners, target: .scales([2, 2]), axes: [2, 3]),
                                    [1, 2, 4, 4]) == "replicate")
        #expect(try Self.kernelName(ResizeConfiguration(mode: .linear, antialias: true, target: .scales([0.5, 0.5]), axes: [2, 3]),
                                    [1, 2, 4, 4]) == "separable")
        #expect(try Self.kernelName(ResizeConfiguration(mode: .linear, target: .scales([2, 2]), axes: [1, 2]), [1, 2, 4, 4]) == "separable")
        #expect(try Self.kernelName(ResizeConfiguration(mode: .cubic, target: .scales([1, 1]), axes: [2, 3]), [1, 2, 4, 4]) == "copy")
        // Bilinear x2 half_pixel widens rows 4 to 8 at a time; align_corners goes through the tables.
        func doublesWidth(_ coordinates: ResizeCoordinates) throws -> Bool {
            let kernel = try ResizeKernel(ResizeConfiguration(mode: .linear, coordinates: coordinates, target: .scales([2, 2]), axes: [2, 3]),
                                          input: [1, 2, 5, 9], workers: 1)
            guard case .bilinear(let bilinear) = kernel else { return false }
            return bilinear.doublesWidth
        }
        #expect(try doublesWidth(.halfPixel) && doublesWidth(.pytorchHalfPixel))
        #expect(try !doublesWidth(.alignCorners))
    }

    /// onnx/backend/test/case/node/resize.py: resize_upsample_scales_linear (half_pixel),
    /// ..._align_corners, resize_upsample_scales_nearest, resize_downsample_scales_nearest.
    @Test func handComputedValues() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        let linear = try Self.run(ResizeConfiguration(mode: .linear, target: .scales([1, 1, 2, 2])), x)
        #expect(linear.scalars == [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4])
        let corners = try Self.run(ResizeConfiguration(mode: .linear, coordinates: .alignCorners, target: .scales([1, 1, 2, 2])), x)
        let third: Float = 1.0 / 3
        let expected: [Float] = [1, 1 + third, 1 + 2 * third, 2, 1 + 2 * third, 2, 2 + third, 2 + 2 * third,
                                 2 + third, 2 + 2 * third, 3, 3 + third, 3, 3 + third, 3 + 2 * third, 4]
        #expect(zip(corners.scalars, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(corners.scalars)")
        let nearest = try Self.run(ResizeConfiguration(mode: .nearest, target: .scales([1, 1, 2, 3])), x)
        #expect(nearest.scalars == [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4])
        let wide = try Tensor(shape: [1, 1, 2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try Self.run(ResizeConfiguration(mode: .nearest, target: .scales([1, 1, 0.6, 0.6])), wide).scalars == [1, 3])
        // tf_crop_and_resize on [0, 1, 2, 3] to 5 with roi [-0.5, 1.5]: coordinates -1.5, 0, 1.5, 3, 4.5.
        let line = try Tensor(shape: [4], values: [0, 1, 2, 3])
        func crop(_ size: Int) -> ResizeConfiguration {
            ResizeConfiguration(mode: .linear, coordinates: .tfCropAndResize, extrapolationValue: -7, target: .sizes([size], .stretch),
                                roi: [-0.5, 1.5])
        }
        #expect(try Self.run(crop(5), line).scalars == [-7, 0, 1.5, 3, -7])
        // An output of the input's shape is a copy, roi or not (onnxruntime's shortcut).
        #expect(try Self.run(crop(4), line).scalars == [0, 1, 2, 3])
        // nearest_mode on [10, 20] x2 asymmetric: coordinates 0, 0.5, 1, 1.5 (2 clamps to 1).
        let pair = try Tensor(shape: [2], values: [10, 20])
        func rounding(_ mode: NearestRounding) throws -> [Float] {
            try Self.run(ResizeConfiguration(mode: .nearest, coordinates: .asymmetric, nearest: mode, target: .scales([2])), pair).scalars
        }
        #expect(try rounding(.roundPreferFloor) == [10, 10, 20, 20])
        #expect(try rounding(.roundPreferCeil) == [10, 20, 20, 20])
        #expect(try rounding(.floor) == [10, 10, 20, 20])
        #expect(try rounding(.ceil) == [10, 20, 20, 20])
    }

    @Test func keepAspectRatioPolicies() throws {
        let input: Shape = [1, 2, 6, 8]
        func output(_ policy: AspectRatioPolicy) throws -> [Int] {
            try ResizeConfiguration(mode: .linear, target: .sizes([9, 9], policy), axes: [2, 3]).outputShape(input: input).dimensions
        }
        #expect(try output(.stretch) == [1, 2, 9, 9])
        #expect(try output(.notLarger) == [1, 2, 7, 9])     // ratio 9/8: 6.75 rounds to 7
        #expect(try output(.notSmaller) == [1, 2, 9, 12])   // ratio 9/6
    }

    @Test func emptyTensors() throws {
        let configuration = ResizeConfiguration(mode: .linear, target: .scales([1, 1, 2, 2]))
        #expect(try configuration.outputShape(input: [1, 0, 3, 3]) == [1, 0, 6, 6])
        #expect(try configuration.outputShape(input: [1, 2, 0, 3]) == [1, 2, 0, 6])
        let y = try Self.run(configuration, try Tensor(shape: [1, 0, 3, 3]))
        #expect(y.shape == [1, 0, 6, 6])
        #expect(throws: StrataError.self) {
            try ResizeConfiguration(mode: .linear, target: .sizes([4], .stretch), axes: [0]).outputShape(input: [0, 3])
        }
    }

    @Test func badConfigurationsAreErrors() {
        func fails(_ configuration: ResizeConfiguration, _ input: Shape) {
            #expect(throws: StrataError.self, "\(configuration) on \(input)") { try configuration.outputShape(input: input) }
        }
        fails(ResizeConfiguration(mode: .nearest, target: .scales([])), [])
        fails(ResizeConfiguration(mode: .nearest, target: .scales([2, 2]), axes: [1, -1]), [2, 3])
        fails(ResizeConfiguration(mode: .nearest, target: .scales([2, 2]), axes: [2]), [2, 3])
        fails(ResizeConfiguration(mode: .nearest, target: .scales([2])), [2, 3])
        fails(ResizeConfiguration(mode: .nearest, target: .scales([1, 0])), [2, 3])
        fails(ResizeConfiguration(mode: .nearest, target: .scales([1, .nan])), [2, 3])
        fails(ResizeConfiguration(mode: .nearest, target: .scales([1, 1e30])), [2, 3])
        fails(ResizeConfiguration(mode: .linear, target: .sizes([1, -1], .stretch)), [2, 3])
        fails(ResizeConfiguration(mode: .nearest, antialias: true, target: .scales([1, 0.5])), [2, 3])
        fails(ResizeConfiguration(mode: .linear, coordinates: .tfCropAndResize, target: .scales([1, 2]), roi: [0, 1]), [2, 3])
    }
}
