@_spi(Diagnostics) import Strata
import StrataDiagnostics
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The depthwise kernels at their edges: reading an unpadded input in place up to its
/// last float and not one past it, and NaN and infinity reaching exactly the outputs
/// whose windows hold them.
@Suite struct DepthwiseConvEdgeTests {
    /// `count` floats that end where an unreadable page begins: a read past the end crashes.
    final class GuardedFloats {
        let pointer: UnsafeMutablePointer<Float>
        private let base: UnsafeMutableRawPointer
        private let length: Int

        init(count: Int) {
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let dataPages = (count * 4 + page - 1) / page
            length = (dataPages + 1) * page
            base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
            mprotect(base + dataPages * page, page, PROT_NONE)
            pointer = (base + dataPages * page - count * 4).bindMemory(to: Float.self, capacity: count)
        }

        deinit { munmap(base, length) }
    }

    /// No padding: the kernel reads the input in place. Widths put the last block's last
    /// read on the input's last float, at stride 1 and 2 (where two overlapping loads and
    /// a shuffle replace one double-width load that would read one float too many).
    @Test(arguments: DepthwiseKernel.available)
    func unpaddedInputIsNotReadPastItsEnd(_ kernel: DepthwiseKernel) throws {
        var rng = SeededGenerator(seed: 41)
        for (size, stride) in [(3, 1), (3, 2), (5, 1), (5, 2), (3, 3)] {
            for width in [size, size + 3, size + 7, size + 14, 2 * 8 + size, 37] {
                let conv = ConvCase(batch: 2, inChannels: 3, height: size + 2, width: width, outChannels: 3,
                                    kernel: Size2D(size, size), stride: Size2D(stride, stride), groups: 3)
                let testCase = DepthwiseConvTests.Case(conv: conv, activation: nil, workers: 1)
                let values = try Tensor.uniform(conv.inputDimensions, low: -1, high: 1, using: &rng)
                let guarded = GuardedFloats(count: values.elementCount)
                values.withUnsafeBufferPointer { guarded.pointer.initialize(from: $0.baseAddress!, count: $0.count) }
                let weight = try Tensor.uniform(conv.configuration.weightDimensions, low: -1, high: 1, using: &rng)
                let actual = try DepthwiseConvTests.runDepthwise(testCase, kernel: kernel, input: guarded.pointer,
                                                                 weight: weight, bias: nil)
                let expected = try referenceOutput(of: ConvOp(conv.configuration, weight: weight, bias: nil), inputs: [values])
                let comparison = try Tensor(shape: expected.shape.dimensions, values: actual).compared(with: expected)
                #expect(comparison.relativeError <= 1e-6, "kernel \(kernel) [\(conv)]: \(comparison)")
            }
        }
    }

    /// One NaN and one +∞ in the input: every output whose window holds the NaN is NaN, one
    /// whose window holds only the ∞ is ±∞ (never NaN from a padded 0·∞), the rest finite;
    /// ReLU6 keeps the NaN (Clip's rule) and clamps the ∞.
    @Test(arguments: DepthwiseKernel.available)
    func nanAndInfinityReachExactlyTheirWindows(_ kernel: DepthwiseKernel) throws {
        for activation in [nil, Activation.relu6] {
            var rng = SeededGenerator(seed: 43)
            let conv = ConvCase(batch: 1, inChannels: 2, height: 9, width: 19, outChannels: 2, kernel: 3, stride: 1,
                                padding: .all(1), groups: 2)
            var input = try Tensor.uniform(conv.inputDimensions, low: 0.5, high: 1, using: &rng)
            input.withUnsafeMutableBufferPointer { x in
                x[4 * 19 + 0] = .nan            // channel 0, left edge
                x[171 + 8 * 19 + 18] = .infinity  // channel 1, bottom-right corner
            }
            let weight = try Tensor.uniform(conv.configuration.weightDimensions, low: 0.5, high: 1, using: &rng)
            let actual = try input.withUnsafeBufferPointer { x in
                try DepthwiseConvTests.runDepthwise(DepthwiseConvTests.Case(conv: conv, activation: activation),
                                                    kernel: kernel, input: x.baseAddress!, weight: weight, bias: nil)
            }
            let expected = try referenceOutput(of: ConvOp(conv.configuration, weight: weight, bias: nil, activation: activation),
                                               inputs: [input]).scalars
            for (index, (a, e)) in zip(actual, expected).enumerated() {
                let same = a.isNaN == e.isNaN && a.isInfinite == e.isInfinite && (!e.isInfinite || a == e)
                #expect(same, "kernel \(kernel) activation \(activation?.name ?? "none") element \(index): \(a), expected \(e)")
            }
            #expect(expected.contains { $0.isNaN } && (activation != nil || expected.contains { $0.isInfinite }))
        }
    }
}
