import Foundation
import Strata
import StrataReference
import Testing

/// The unary math, exponential and piecewise activations and the casts, by hand: values
/// worked out from their definitions (and onnxruntime 1.32's outputs for the casts), so the
/// kernel and the reference are both checked against something neither computed.
@Suite struct UnaryMathTests {
    static func applied(_ activation: Activation, _ input: [Float]) -> [Float] {
        var values = input
        values.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: input.count) }
        return values
    }

    /// Both the kernel and the reference give `expected` (bit for bit where `ulps` is 0; NaN
    /// for NaN; zeros with their sign).
    static func check(_ activation: Activation, _ input: [Float], _ expected: [Float], ulps: Float = 0,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (name, actual) in [("kernel", applied(activation, input)), ("reference", try activation.referenceValues(input))] {
            for i in input.indices {
                let (a, e) = (actual[i], expected[i])
                let matches = e.isNaN ? a.isNaN : (e == 0 || e.isInfinite ? a.bitPattern == e.bitPattern : abs(a - e) <= ulps * e.ulp)
                #expect(matches, "\(name) \(activation.name)(\(input[i])) = \(a), expected \(e)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func roundingFunctions() throws {
        let x: [Float] = [-2.5, -1.5, -0.5, -0.4, -0.0, 0.3, 0.5, 1.5, 2.5, 4_194_304.5, 8_388_609, .nan]
        // Round: halves to even, the sign of zero kept (ONNX Round's examples: 2.5 → 2, −0.5 → −0).
        try Self.check(.round, x, [-2, -2, -0.0, -0.0, -0.0, 0, 0, 2, 2, 4_194_304, 8_388_609, .nan])
        try Self.check(.floor, x, [-3, -2, -1, -1, -0.0, 0, 0, 1, 2, 4_194_304, 8_388_609, .nan])
        try Self.check(.ceil, x, [-2, -1, -0.0, -0.0, -0.0, 1, 1, 2, 3, 4_194_305, 8_388_609, .nan])
        try Self.check(.sign, [-3, -0.0, 0, 1e-45, .nan], [-1, 0, 0, 1, .nan])
    }

    @Test func algebraicFunctions() throws {
        try Self.check(.sqrt, [4, 2.25, -0.0, 0, -1, .infinity], [2, 1.5, -0.0, 0, .nan, .infinity])
        try Self.check(.reciprocal, [4, -0.5, 0, -0.0], [0.25, -2, .infinity, -.infinity])
        try Self.check(.abs, [-3, -0.0, .nan, -.infinity], [3, 0, .nan, .infinity])
        try Self.check(.neg, [-3, 0, -0.0, .infinity], [3, -0.0, 0, -.infinity])
    }

    /// e^1 = 2.7182817 (float), ln e = 1, ln 2^−149 = −149·ln 2 = −103.27893, e^−100 = 3.783506e−44
    /// (a subnormal: onnxruntime's Softplus(−100) shows the same value).
    @Test func exponentialsAndLogarithms() throws {
        try Self.check(.exp, [0, 1, -100, -1e-30], [1, 2.718_281_8, 3.783_506e-44, 1], ulps: 1)
        try Self.check(.log, [1, Float(M_E), .leastNonzeroMagnitude, 0.5], [0, 1, -103.278_93, -0.693_147_2], ulps: 1)
    }

    /// Elu(−1) = α(e^−1 − 1) = −0.632120559·α; Selu(1) = γ, Selu(−1) = γα(e^−1 − 1); Celu(−1,
    /// α = 2) = 2(e^−0.5 − 1) = −0.786938681; Softplus(0) = ln 2, Softplus(1) = 1.313261687;
    /// Mish(1) = tanh(ln(1 + e)) = 0.865098388; ThresholdedRelu and Shrink by their formulas.
    @Test func activationsByHand() throws {
        try Self.check(.elu(alpha: 2), [-1, 3, -1e-30, -.infinity], [-1.264_241_1, 3, -2e-30, -2], ulps: 2)
        try Self.check(.selu(alpha: 1.673_263_2, gamma: 1.050_701), [1, -1, 0],
                       [1.050_701, Float(1.050_701 * 1.673_263_2 * (exp(-1.0) - 1)), 0], ulps: 2)
        try Self.check(.celu(alpha: 2), [-1, 2, -.infinity], [-0.786_938_7, 2, -2], ulps: 2)
        try Self.check(.softplus, [0, 1, -1, 100], [0.693_147_2, 1.313_261_7, 0.313_261_7, 100], ulps: 2)
        try Self.check(.mish, [1, 0, -0.0, 30], [0.865_098_4, 0, -0.0, 30], ulps: 2)
        try Self.check(.thresholdedReLU(alpha: 1), [0.5, 1, 1.5, -3, .nan], [0, 0, 1.5, 0, 0])
        try Self.check(.shrink(bias: 0.1, lambd: 0.5), [-2, -0.5, 0.3, 0.5, 2, .nan, -.infinity],
                       [-1.9, 0, 0, 0, 1.9, 0, -.infinity], ulps: 1)
        try Self.check(.logicalNot, [0, -0.0, 1, 2, .nan], [1, 1, 0, 0, 0])
    }

    /// onnxruntime 1.32 on x86-64 (Scripts/onnx_cases_elementwise.py, the cast cases):
    /// Cast(to=INT8) of [NaN, ∞, −∞, 300.7, −300.7, −1.5, 1e10] is [0, 0, 0, 44, −44, −1, 0];
    /// INT32 gives −2147483648 for NaN, ±∞ and 1e10; UINT8 of −1.5 is 255; FLOAT16 of 70000
    /// is ∞ and of 0.1 is 0.0999755859375; BOOL of NaN is true.
    @Test func castsAsOnnxruntime() throws {
        let x: [Float] = [.nan, .infinity, -.infinity, 300.7, -300.7, -1.5, 1e10, -0.5]
        try Self.check(.cast(.int8), x, [0, 0, 0, 44, -44, -1, 0, 0])
        try Self.check(.cast(.uint8), x, [0, 0, 0, 44, 212, 255, 0, 0])
        try Self.check(.cast(.int16), x, [0, 0, 0, 300, -300, -1, 0, 0])
        try Self.check(.cast(.uint16), x, [0, 0, 0, 300, 65236, 65535, 0, 0])
        try Self.check(.cast(.int32), x, [-2_147_483_648, -2_147_483_648, -2_147_483_648, 300, -300, -1, -2_147_483_648, 0])
        try Self.check(.cast(.int64), x, [-9.223_372e18, -9.223_372e18, -9.223_372e18, 300, -300, -1, 1e10, 0])
        try Self.check(.cast(.uint32), [-300.7, -1.5, 3e9], [4_294_966_996, 4_294_967_295, 3e9])
        try Self.check(.cast(.uint64), [-1.5, 1e10], [18_446_744_073_709_551_615, 1e10])
        try Self.check(.cast(.bool), [.nan, 0, -0.0, 1e-45, -2], [1, 0, 0, 1, 1])
        try Self.check(.cast(.float16), [70_000, 65_504, 65_520, 0.1, 1e-8, -1e-30, .nan], [.infinity, 65_504, .infinity, 0.099_975_586, 0, -0.0, .nan])
        // BFLOAT16 keeps 8 significant bits: 1 + 2^−8 is a tie that goes to even (1), 1 + 3·2^−8 to 1 + 2^−6.
        try Self.check(.cast(.bfloat16), [1.003_906_25, 1.011_718_75, 3.141_592_7, .nan], [1, 1.015_625, 3.140_625, .nan])
    }
}
