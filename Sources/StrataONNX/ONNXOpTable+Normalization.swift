import Strata

extension ONNXOps {
    /// LRN, InstanceNormalization, LayerNormalization, GroupNormalization, LpNormalization, MeanVarianceNormalization.
    static let normalizationForms: [String: [Form]] = [:]
}
