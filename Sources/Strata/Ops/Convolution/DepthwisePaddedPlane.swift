/// The zero-padded input plane the depthwise kernels read, so that every output is an
/// interior one: no bounds checks, no border code, whole vector blocks on every row.
///
/// Only what the windows read is kept: `(OH−1)·SH + (KH−1)·DH + 1` rows of
/// `(OW−1)·SW + (KW−1)·DW + 1` floats, the input at row ``top``, column ``left``. A
/// convolution without padding reads its input in place (``isCopied`` false). Copying
/// costs one pass over the input plane, which the kernel then reads from cache; splitting
/// each row into scalar borders and a vector interior instead cost more than the interior
/// itself on MobileNetV2's 7x7 and 14x14 planes.
struct DepthwisePaddedPlane {
    let height: Int, width: Int
    let top: Int, left: Int
    /// Input rows and columns inside the padded plane (the rest of the input is never read).
    let inputRows: Int, inputColumns: Int
    /// Whether the input is copied: any padding.
    let isCopied: Bool

    init(_ g: WindowGeometry) {
        height = (g.output.height - 1) * g.stride.height + (g.kernel.height - 1) * g.dilation.height + 1
        width = (g.output.width - 1) * g.stride.width + (g.kernel.width - 1) * g.dilation.width + 1
        (top, left) = (g.padding.top, g.padding.left)
        inputRows = max(0, min(g.input.height, height - top))
        inputColumns = max(0, min(g.input.width, width - left))
        isCopied = g.padding != .zero
    }

    /// Floats of one padded plane, 0 when the input is read in place.
    var count: Int { isCopied ? height * width : 0 }

    /// Zeros the padding of `buffer` (``count`` floats), which ``copy(_:inputWidth:into:)``
    /// never writes: once per buffer and run, before its first plane.
    func zeroPadding(_ buffer: UnsafeMutablePointer<Float>) {
        buffer.update(repeating: 0, count: top * width)
        let below = top + inputRows
        (buffer + below * width).update(repeating: 0, count: (height - below) * width)
        let right = left + inputColumns
        for row in top..<below {
            (buffer + row * width).update(repeating: 0, count: left)
            (buffer + row * width + right).update(repeating: 0, count: width - right)
        }
    }

    /// Copies the input plane `[H, inputWidth]` into `buffer`'s interior.
    func copy(_ plane: UnsafePointer<Float>, inputWidth: Int, into buffer: UnsafeMutablePointer<Float>) {
        for row in 0..<inputRows {
            (buffer + (top + row) * width + left).update(from: plane + row * inputWidth, count: inputColumns)
        }
    }
}
