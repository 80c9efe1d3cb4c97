import Foundation
import Strata
import StrataReference
import Testing

/// Every activation at the edges of the float range (issue 8, item 1): infinities, huge
/// magnitudes, NaN, signed zeros and subnormals, against the Double reference and against
/// limits worked out by hand.
@Suite struct ActivationEdgeTests {
    static let largest = Float.greatestFiniteMagnitude
    static let tiny = Float.leastNonzeroMagnitude   // 2^−149, the smallest subnormal

    /// One fixed vector of specials: 19 values, so two full 8-lane vectors and a tail of 3.
    static let specials: [Float] = [
        0, -0.0, tiny, -tiny, 1e-30, -1e-30, 1, -1, 88, -88, 89, -89, 1e30, -1e30,
        largest, -largest, .infinity, -.infinity, .nan,
    ]

    /// Float ulps allowed for a finite non-zero expected value. The worst budget is GELU's:
    /// erfcc's 1.2e-7 (2 ulps), e^x's 1e-7 (1.7 ulps) and three roundings; measured 5.
    static let ulpBound: Float = 6

    static func applied(_ activation: Activation, _ input: [Float]) -> [Float] {
        input.withUnsafeBufferPointer { x in
            kernelOutput(count: input.count) { activation.apply(x.baseAddress!, into: $0, count: input.count) }
        }
    }

    /// `actual` against `expected` for input `x`: NaN must be NaN; ±0 and ±∞ bit for bit, the
    /// sign of zero included; other values within `ulps` ulps of the expected value (its
    /// subnormal ulp 2^−149 when it is subnormal). One exception: for a subnormal x an
    /// expected zero may be 2^−149 of the same sign, because the Double reference rounds
    /// twice there: GELU(2^−149) = 2^−150·(1 + 1e−45) is 2^−150 in Double, a tie that Float
    /// rounds to 0, while the kernel rounds the true value up to 2^−149.
    static func mismatch(_ actual: Float, _ expected: Float, ulps: Float, input x: Float = 1) -> String? {
        if expected.isNaN { return actual.isNaN ? nil : "expected NaN" }
        if expected == 0 && x.isSubnormal && abs(actual) <= tiny && actual.sign == expected.sign { return nil }
        if expected == 0 || expected.isInfinite {
            return actual.bitPattern == expected.bitPattern ? nil : "expected exactly \(expected)"
        }
        let distance = abs(actual - expected) / expected.ulp
        return distance <= ulps ? nil : "\(distance) ulps from \(expected)"
    }

    @Test(arguments: Activation.samples)
    func specialsMatchReference(_ activation: Activation) {
        let actual = Self.applied(activation, Self.specials)
        let expected = activation.reference(Self.specials)
        for (i, x) in Self.specials.enumerated() {
            if let problem = Self.mismatch(actual[i], expected[i], ulps: Self.ulpBound, input: x) {
                Issue.record("\(activation.name)(\(x)) = \(actual[i]): \(problem)")
            }
        }
    }

    /// The limits by hand, for the kernel and the reference alike: the values issue 8 found
    /// wrong (GELU(+∞) was NaN, tanh-GELU(−FLT_MAX) −1.53, SiLU(−1e38) −0.45, sigmoid(−∞)
    /// 4.5e−39) and the limit of every function at ±∞ and ±FLT_MAX. A zero limit approached
    /// from below is −0.
    @Test func limitsByHand() {
        let m = Self.largest
        let cases: [(Activation, [Float], [Float])] = [
            (.sigmoid, [-.infinity, -m, -1e30, 1e30, m, .infinity], [0, 0, 0, 1, 1, 1]),
            (.tanh, [-.infinity, -m, -0.0, m, .infinity], [-1, -1, -0.0, 1, 1]),
            (.erf, [-.infinity, -m, -0.0, m, .infinity], [-1, -1, -0.0, 1, 1]),
            (.softsign, [-.infinity, -m, -1e30, -0.0, 1e30, m, .infinity], [-1, -1, -1, -0.0, 1, 1, 1]),
            (.gelu, [-.infinity, -m, -1e30, -0.0, 1e30, m, .infinity], [-0.0, -0.0, -0.0, -0.0, 1e30, m, .infinity]),
            (.geluTanh, [-.infinity, -m, -5e30, -0.0, 5e30, m, .infinity], [-0.0, -0.0, -0.0, -0.0, 5e30, m, .infinity]),
            (.silu, [-.infinity, -m, -1e38, -1e30, -0.0, m, .infinity], [-0.0, -0.0, -0.0, -0.0, -0.0, m, .infinity]),
            (.hardSwish, [-.infinity, -m, -3, m, .infinity], [-0.0, -0.0, -0.0, m, .infinity]),
            (.hardSigmoid(alpha: 0.2, beta: 0.5), [-.infinity, -m, m, .infinity], [0, 0, 1, 1]),
            (.relu, [-.infinity, -0.0, .infinity], [0, -0.0, .infinity]),
            (.leakyReLU(alpha: 0.1), [-.infinity, .infinity], [-.infinity, .infinity]),
            (.clip(min: -1.5, max: 0.5), [-.infinity, .infinity], [-1.5, 0.5]),
            (.exp, [-.infinity, -m, -104, 89, m, .infinity], [0, 0, 0, .infinity, .infinity, .infinity]),
            (.log, [-0.0, 0, .infinity, -1, -.infinity], [-.infinity, -.infinity, .infinity, .nan, .nan]),
            (.sqrt, [-0.0, .infinity, -.infinity], [-0.0, .infinity, .nan]),
            (.reciprocal, [-0.0, 0, -.infinity, .infinity], [-.infinity, .infinity, -0.0, 0]),
            (.elu(alpha: 0.7), [-.infinity, -m, -0.0, m, .infinity], [-0.7, -0.7, -0.0, m, .infinity]),
            (.celu(alpha: 1.3), [-.infinity, -m, -0.0, m, .infinity], [-1.3, -1.3, -0.0, m, .infinity]),
            (.softplus, [-.infinity, -m, -1e30, 1e30, m, .infinity], [0, 0, 0, 1e30, m, .infinity]),
            (.mish, [-.infinity, -m, -1e30, -0.0, 1e30, m, .infinity], [-0.0, -0.0, -0.0, -0.0, 1e30, m, .infinity]),
            (.floor, [-.infinity, -0.0, -0.5, 0.5, m], [-.infinity, -0.0, -1, 0, m]),
            (.ceil, [.infinity, -0.7, 0.2, -m], [.infinity, -0.0, 1, -m]),
            (.round, [-0.4, 0.5, 1.5, 2.5, -2.5, .infinity], [-0.0, 0, 2, 2, -2, .infinity]),
            (.sign, [-.infinity, -0.0, .infinity], [-1, 0, 1]),
        ]
        for (activation, input, expected) in cases {
            let kernel = Self.applied(activation, input)
            let reference = activation.reference(input)
            for i in input.indices {
                if let problem = Self.mismatch(kernel[i], expected[i], ulps: 0) {
                    Issue.record("kernel \(activation.name)(\(input[i])) = \(kernel[i]): \(problem)")
                }
                if let problem = Self.mismatch(reference[i], expected[i], ulps: 0) {
                    Issue.record("reference \(activation.name)(\(input[i])) = \(reference[i]): \(problem)")
                }
            }
        }
    }

    /// The tails keep their relative accuracy down to the subnormal range: x from −110 to 8
    /// in steps of 1/64 (sigmoid(x) is subnormal below −87.3, SiLU's x·e^x below −97) and
    /// ±1.37·2^e for e from −149 to −30. tanh-GELU is left out: its u = √(2/π)·(x + 0.044715·x³)
    /// is rounded in float, and the result's sensitivity to u (|x·f′/f| ≈ 200 at x = −10)
    /// turns that into up to ~160 ulps, as much as rounding x itself would cost.
    @Test(arguments: [Activation.sigmoid, .tanh, .gelu, .silu, .erf, .hardSwish, .exp, .log, .elu(alpha: 1), .celu(alpha: 1.3),
                      .selu(alpha: 1.673_263_2, gamma: 1.050_701), .softplus, .mish])
    func tailsKeepRelativeAccuracy(_ activation: Activation) {
        let grid = (-7040...512).map { Float($0) / 64 }
        let small = (-149 ... -30).flatMap { e in [Float(sign: .plus, exponent: e, significand: 1.37), Float(sign: .minus, exponent: e, significand: 1.37)] }
        let input = grid + small
        let actual = Self.applied(activation, input)
        let expected = activation.reference(input)
        var worst: (ulps: Float, x: Float) = (0, 0)
        for i in input.indices {
            if let problem = Self.mismatch(actual[i], expected[i], ulps: Self.ulpBound, input: input[i]) {
                Issue.record("\(activation.name)(\(input[i])) = \(actual[i]): \(problem)")
                return
            }
            if expected[i].isFinite && expected[i] != 0 {
                let ulps = abs(actual[i] - expected[i]) / expected[i].ulp
                if ulps > worst.ulps { worst = (ulps, input[i]) }
            }
        }
        #expect(worst.ulps <= Self.ulpBound, "\(activation.name): worst \(worst.ulps) ulps at \(worst.x)")
    }

    /// The unfused form of SiLU that ONNX graphs carry, Mul(x, Sigmoid(x)), through the
    /// broadcast `mul` kernel: x·(+0) is −0 for the finite negatives where the fused kernel
    /// gives −0, and −∞·0 = NaN at −∞ (IEEE, as onnxruntime's Mul; only the fused SiLU can
    /// return the limit there).
    @Test func unfusedSiLUThroughMul() throws {
        let x: [Float] = [-Self.largest, -1e38, -1e30, -.infinity, .infinity, -89]
        let sigmoid = Self.applied(.sigmoid, x)
        let shape = try Shape([x.count])
        let product = withPointers([x, sigmoid]) { p in
            kernelOutput(count: x.count) { mul(p[0], shape: shape, p[1], shape: shape, into: $0, workers: 1) }
        }
        for i in 0..<3 { #expect(product[i].bitPattern == (-0.0 as Float).bitPattern, "x = \(x[i]): \(product[i])") }
        #expect(product[3].isNaN, "x = −∞: \(product[3])")
        #expect(product[4] == .infinity, "x = +∞: \(product[4])")
        // −89·e^−89 = −1.9817e−37 (normal), with sigmoid(−89) = e^−89/(1 + e^−89) subnormal.
        let expected = Float(-89 * exp(-89.0))
        #expect(abs(product[5] - expected) <= 8 * expected.ulp, "x = −89: \(product[5]), expected \(expected)")
        #expect(Self.mismatch(Self.applied(.silu, [-89])[0], expected, ulps: Self.ulpBound) == nil)
    }
}
