extension Activation {
    /// The bounds a fused kernel clamps its output to in registers, min(max(x, low), high)
    /// in the order of ``clip(min:max:)``: (−∞, +∞) without an activation, (0, +∞) for
    /// ReLU (which keeps −0 and NaN as ReLU does), the bounds of a Clip; nil for any other
    /// activation, which the kernel's caller applies itself.
    static func fusedClamp(_ activation: Activation?) -> (low: Float, high: Float)? {
        switch activation {
        case nil: (-.infinity, .infinity)
        case .relu?: (0, .infinity)
        case .clip(let low, let high)?: (low, high)
        default: nil
        }
    }
}
