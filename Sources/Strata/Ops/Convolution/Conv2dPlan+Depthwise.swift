/// The depthwise strategy of ``Conv2dPlan``: input channels spread over the workers, each
/// channel's output planes computed by
/// ``depthwiseChannel(plane:taps:bias:multiplier:geometry:columnOffsets:padded:buffer:clamp:rowActivation:kernel:output:)``.
extension Conv2dPlan {
    /// Floats of workspace: one prepared input plane per worker (0 when it is read in place).
    static func depthwiseWorkspaceCount(_ geometry: WindowGeometry, workers: Int) -> Int {
        DepthwisePaddedPlane(geometry).count * workers
    }

    /// Runs a depthwise plan (``algorithm`` is ``ConvAlgorithm/depthwiseDirect``) with the
    /// given kernel; ``execute(input:weights:bias:output:workspace:)`` uses the fastest the
    /// CPU has. Tests and `engine-bench depthwise` run each kernel through this.
    @_spi(Diagnostics) public func executeDepthwise(
        input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>?, kernel: DepthwiseKernel
    ) {
        precondition(algorithm == .depthwiseDirect, "Conv2dPlan: executeDepthwise on a \(algorithm) plan")
        precondition(workspaceCount == 0 || workspace != nil, "Conv2dPlan: workspace of \(workspaceCount) floats required")
        let g = geometry
        let padded = DepthwisePaddedPlane(g)
        let fused = Activation.fusedClamp(activation)
        let clamp = fused ?? (-.infinity, .infinity)
        let rowActivation = fused == nil ? activation : nil
        let channels = configuration.inChannels
        let multiplier = configuration.outChannels / channels
        let (inputPlane, outputPlane) = (g.input.height * g.input.width, g.output.height * g.output.width)
        let taps = multiplier * g.kernel.height * g.kernel.width
        let planes = inputShape[0] * channels
        let shares = min(workers, planes)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: g.kernel.width) { offsets in
            for c in 0..<g.kernel.width { offsets[c] = padded.columnOffset(tap: c, dilation: g.dilation.width) }
            let columnOffsets = UnsafePointer(offsets.baseAddress!)
            parallelFor(shares, workers: workers) { share in
                // Without padding at stride 1 the kernel reads the input in place.
                let buffer = padded.isCopied ? workspace! + share * padded.count : nil
                if let buffer { padded.zeroPadding(buffer) }
                let (p0, p1) = evenSplit(planes, parts: shares, part: share)
                for p in p0..<p1 {
                    let c = p % channels
                    depthwiseChannel(
                        plane: input + p * inputPlane, taps: weights + c * taps, bias: bias.map { $0 + c * multiplier },
                        multiplier: multiplier, geometry: g, columnOffsets: columnOffsets, padded: padded, buffer: buffer,
                        clamp: clamp, rowActivation: rowActivation, kernel: kernel, output: output + p * multiplier * outputPlane)
                }
            }
        }
    }
}
