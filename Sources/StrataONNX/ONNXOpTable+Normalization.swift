import Strata

extension ONNXOps {
    /// LRN, InstanceNormalization, LayerNormalization, GroupNormalization, LpNormalization, MeanVarianceNormalization.
    static let normalizationForms: [String: [Form]] = [
        "LRN": [Form(since: 1, convert: lrn, "size, alpha (divided by size), beta, bias; across channels of [N, C, ...], any size")],
        "InstanceNormalization": [Form(since: 6, convert: instanceNormalization, "epsilon; constant scale and B [C]; rank 2-8")],
        "LayerNormalization": [Form(since: 17, convert: layerNormalization, "any axis, epsilon, stash_type FLOAT or DOUBLE; constant Scale and B broadcast to X.shape[axis:]; Mean and InvStdDev outputs")],
        "GroupNormalization": [
            Form(since: 18, convert: groupNormalization, "num_groups, epsilon; constant scale and bias per group [num_groups]"),
            Form(since: 21, convert: groupNormalization, "scale and bias per channel [C]; stash_type FLOAT or DOUBLE"),
        ],
        "LpNormalization": [Form(since: 1, convert: lpNormalization, "any axis, p 1 or 2; a zero norm gives 0")],
        "MeanVarianceNormalization": [Form(since: 9, convert: meanVarianceNormalization, "any axes (default [0, 2, 3]); (x − mean) / (std + 1e-9) as the spec's function body")],
    ]
}
