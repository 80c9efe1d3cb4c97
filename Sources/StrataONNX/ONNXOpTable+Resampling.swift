import Strata

extension ONNXOps {
    /// Resize, Upsample, DepthToSpace, SpaceToDepth.
    static let resamplingForms: [String: [Form]] = [
        "Resize": [
            Form(since: 10, convert: resize, "scales input (constant); modes nearest and linear on any axes, asymmetric coordinates, onnxruntime's nearest rounding"),
            Form(since: 11, convert: resize, "roi, scales or sizes (constants); modes nearest, linear, cubic (cubic_coeff_a, exclude_outside); every coordinate_transformation_mode of opset 11 (tf_crop_and_resize with extrapolation_value); every nearest_mode"),
            Form(since: 13, convert: resize, "roi and scales optional; tf_half_pixel_for_nn still accepted (onnxruntime does)"),
            Form(since: 18, convert: resize, "axes, keep_aspect_ratio_policy, antialias (linear and cubic)"),
            Form(since: 19, convert: resize, "coordinate_transformation_mode half_pixel_symmetric"),
        ],
        "Upsample": [
            Form(since: 7, convert: upsample, "scales attribute (>= 1); modes nearest, linear (bilinear); any axes"),
            Form(since: 9, convert: upsample, "scales input (constant); deprecated at opset 10 but still imported, as onnxruntime does"),
        ],
        "DepthToSpace": [
            Form(since: 1, convert: depthToSpace, "[N, C, H, W]; blocksize (mode DCR)"),
            Form(since: 11, convert: depthToSpace, "mode DCR or CRD"),
            Form(since: 13, convert: depthToSpace, "more types (float only here)"),
        ],
        "SpaceToDepth": [
            Form(since: 1, convert: spaceToDepth, "[N, C, H, W]; blocksize"),
            Form(since: 13, convert: spaceToDepth, "more types (float only here)"),
        ],
    ]
}
