import Foundation

/// The hyper-parameters of 2-D Lp pooling (ONNX LpPool, PyTorch `LPPool2d`):
///
///     y = (Σ_window |x|^p)^(1/p)
///
/// over the window's taps inside the input (padding adds 0, as in onnxruntime's LpPool;
/// a window of only padding gives 0). Sizes are ``WindowGeometry``'s, ceil mode included
/// (ONNX LpPool from opset 18 has `ceil_mode` and `dilations`).
public struct LpPoolConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// The norm's exponent, > 0 (ONNX: an int from opset 2, a float in opset 1).
    public var p: Float
    /// The window's height and width.
    public var kernel: Size2D
    /// The step between windows.
    public var stride: Size2D
    /// Padding (taps there add 0).
    public var padding: Padding
    /// Spacing between a window's taps (ONNX LpPool-18 `dilations`).
    public var dilation: Size2D
    /// Round the output size up (ONNX LpPool-18 `ceil_mode`).
    public var ceilMode: Bool

    /// A configuration; nothing is checked until ``validate()``.
    public init(p: Float, kernel: Size2D, stride: Size2D, padding: Padding = .valid, dilation: Size2D = 1, ceilMode: Bool = false) {
        (self.p, self.kernel, self.stride, self.padding, self.dilation, self.ceilMode) = (p, kernel, stride, padding, dilation, ceilMode)
    }

    public var description: String {
        "lp pool p \(p) kernel \(kernel) stride \(stride) padding \(padding) dilation \(dilation)" + (ceilMode ? " ceil" : " floor")
    }

    /// Checks `p`.
    /// - Throws: ``StrataError`` unless `p` is finite and > 0.
    public func validate() throws {
        guard p > 0, p.isFinite else {
            throw StrataError.invalidArgument("lp pool p = \(p); expected a finite p > 0")
        }
    }

    /// The window geometry on an `input` plane (height x width).
    /// - Throws: ``StrataError`` for a bad `p`, or what ``WindowGeometry`` throws for a window
    ///   that does not fit or an empty output.
    public func geometry(input: Size2D) throws -> WindowGeometry {
        try validate()
        return try WindowGeometry(input: input, kernel: kernel, stride: stride, dilation: dilation, padding: padding, ceilMode: ceilMode)
    }

    /// `[N, C, H, W]` → `[N, C, OH, OW]`.
    public func outputShape(input: Shape) throws -> Shape {
        try pooledShape(input, name: "lp pool", geometry: geometry(input:))
    }
}

/// The p-norm of `count` values read by `value(i)`, computed as
/// `m · (Σ (|x|/m)^p)^(1/p)` with `m = max |x|`, so it neither overflows for huge values
/// (two values of 1e30 give 1.41e30, not ∞) nor loses subnormals (`|1e-45|` gives 1e-45,
/// not 0); this is what `hypot` does for p = 2. NaN anywhere gives NaN, an infinity (and
/// no NaN) +∞, no values or only zeros 0. p = 1 is the plain sum of |x|.
@inline(__always)
func lpNorm(p: Float, count: Int, _ value: (Int) -> Float) -> Float {
    var largest: Float = 0
    for i in 0..<count {
        let a = abs(value(i))
        if a.isNaN { return .nan }
        largest = max(largest, a)
    }
    if largest == 0 || largest == .infinity { return largest }
    if p == 1 {
        var sum: Float = 0
        for i in 0..<count { sum += abs(value(i)) }
        return sum
    }
    var sum: Float = 0
    if p == 2 {
        for i in 0..<count {
            let r = abs(value(i)) / largest
            sum += r * r
        }
        return largest * sum.squareRoot()
    }
    for i in 0..<count { sum += powf(abs(value(i)) / largest, p) }
    return largest * powf(sum, 1 / p)
}
