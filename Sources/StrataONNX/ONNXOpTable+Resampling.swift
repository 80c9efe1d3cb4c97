import Strata

extension ONNXOps {
    /// Resize, Upsample, DepthToSpace, SpaceToDepth.
    static let resamplingForms: [String: [Form]] = [:]
}
