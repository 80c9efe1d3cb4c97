import CStrataKernels

/// Direct depthwise convolution of one input channel into its `multiplier` output
/// planes, bias and activation fused.
///
/// Precondition (``ConvAlgorithm/isApplicable(to:geometry:)``): groups == in
/// channels, so output channel `oc` reads only input channel `oc / multiplier`. As a GEMM
/// that would be M = 1 per group, which wastes most of sgemm. Here the input plane is
/// copied once into a zero-padded plane with its rows split into stride phases
/// (``DepthwisePaddedPlane``; read in place without padding at stride 1) and each output
/// plane is one call of the kernel (`kernel`: the Swift
/// ``strata_depthwise_plane/runSwift()`` or the AVX2 `strata_depthwise_avx2`), which sums
/// every tap of a block of outputs in registers and applies the bias and a ReLU or Clip
/// (`clamp`) before its single store. Any other activation (`rowActivation`: SiLU,
/// HardSwish, ...) is applied to bands of ``bandFloats`` outputs right after the kernel
/// wrote them, while they are in L1.
///
/// - Parameters:
///   - plane: the input channel `[H, W]`.
///   - taps: the weights of its output channels `[multiplier, KH, KW]`.
///   - bias: their biases `[multiplier]`, or nil.
///   - columnOffsets: ``DepthwisePaddedPlane/columnOffset(tap:dilation:)`` of each tap column.
///   - padded: the padded plane; `buffer` holds its ``DepthwisePaddedPlane/count`` floats
///     with the padding already zero (nil when ``DepthwisePaddedPlane/isCopied`` is false).
///   - output: the output channels `[multiplier, OH, OW]`, overwritten.
func depthwiseChannel(
    plane: UnsafePointer<Float>, taps: UnsafePointer<Float>, bias: UnsafePointer<Float>?, multiplier: Int,
    geometry g: WindowGeometry, columnOffsets: UnsafePointer<Int>, padded: DepthwisePaddedPlane,
    buffer: UnsafeMutablePointer<Float>?,
    clamp: (low: Float, high: Float), rowActivation: Activation?, kernel: DepthwiseKernel,
    output: UnsafeMutablePointer<Float>
) {
    if let buffer { padded.copy(plane, inputWidth: g.input.width, into: buffer) }
    let (outH, outW) = (g.output.height, g.output.width)
    let tapCount = g.kernel.height * g.kernel.width
    for m in 0..<multiplier {
        var job = strata_depthwise_plane(
            input: buffer.map { UnsafePointer($0) } ?? plane, column_offsets: columnOffsets, taps: taps + m * tapCount,
            output: output + m * outH * outW, row_stride: padded.width, out_width: outW, row_begin: 0, row_end: outH,
            bias: bias?[m] ?? 0, low: clamp.low, high: clamp.high,
            kernel_height: Int32(g.kernel.height), kernel_width: Int32(g.kernel.width),
            stride_height: Int32(g.stride.height), dilation_height: Int32(g.dilation.height))
        guard let rowActivation else {
            kernel.run(&job)
            continue
        }
        let band = max(1, bandFloats / outW)
        for start in stride(from: 0, to: outH, by: band) {
            (job.row_begin, job.row_end) = (start, min(outH, start + band))
            kernel.run(&job)
            rowActivation.apply(job.output + start * outW, count: (job.row_end - start) * outW)
        }
    }
}

/// Outputs per band when the activation runs after the kernel (16 KiB, half of L1).
private let bandFloats = 4096

/// Which kernel computes the depthwise planes.
@_spi(Diagnostics) public enum DepthwiseKernel: Sendable, CaseIterable {
    /// ``strata_depthwise_plane/runSwift()``: SIMD, the baseline x86-64 target (SSE2).
    case swift
    /// `strata_depthwise_avx2`: AVX2 and FMA (CStrataKernels).
    case avx2

    /// AVX2 where the CPU has it (checked once), else Swift.
    public static let preferred: DepthwiseKernel = strata_cpu_has_avx2_fma() ? .avx2 : .swift

    /// Every kernel this CPU runs (what the tests compare with the reference).
    public static var available: [DepthwiseKernel] { strata_cpu_has_avx2_fma() ? [.swift, .avx2] : [.swift] }

    @inline(__always)
    func run(_ job: inout strata_depthwise_plane) {
        switch self {
        case .swift: job.runSwift()
        case .avx2: strata_depthwise_avx2(&job)
        }
    }
}
