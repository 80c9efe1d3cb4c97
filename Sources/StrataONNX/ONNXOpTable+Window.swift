import Strata

extension ONNXOps {
    /// ConvTranspose, LpPool and other window ops added after the core.
    static let windowForms: [String: [Form]] = [:]
}
