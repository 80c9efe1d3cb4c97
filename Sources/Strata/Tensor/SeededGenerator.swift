/// Strata's own pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Only integer arithmetic and IEEE `+ - * / sqrt` are used, and the logarithm needed by
/// the normal distribution is computed here by a fixed series, so the same seed gives the
/// same numbers bit for bit on every machine and OS (the platform's `log`/`cos` may differ
/// in the last bit between C libraries).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    /// The polar method makes normals in pairs; the second waits here for the next call.
    private var spareNormal: Double?
    /// The seed the generator started from (kept so a failing test can print it).
    public let seed: UInt64

    /// A generator whose stream depends only on `seed` (xoshiro256** seeded by splitmix64),
    /// the same on every machine.
    public init(seed: UInt64) {
        self.seed = seed
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func nextUniform(_ low: Float, _ high: Float) -> Float {
        Float(Double(low) + (Double(high) - Double(low)) * nextUnitDouble())
    }

    /// Standard normal by Marsaglia's polar method (needs only `log` and `sqrt`).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUnitDouble() - 1
            let v = 2 * nextUnitDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * SeededGenerator.portableLog(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// Natural log for 0 < x, computed with IEEE operations only:
    /// x = m · 2^e with m in [√2/2, √2), then ln m = 2 atanh((m-1)/(m+1)) by its series.
    static func portableLog(_ x: Double) -> Double {
        var exponent = Double(x.exponent)
        var m = x.significand
        // Centre the mantissa on 1, in [√2/2, √2): otherwise x just below 1 has m ≈ 2 and
        // 2·atanh(z) − ln 2 cancels catastrophically.
        if m > 1.414_213_562_373_095_1 {
            m /= 2
            exponent += 1
        }
        let z = (m - 1) / (m + 1)          // |z| <= 0.172: z² <= 0.03, so 14 terms reach 1e-21
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= z2
            k += 2
        }
        return 2 * sum + exponent * 0.693_147_180_559_945_309_417_232_121_458
    }
}
