import Foundation
@testable import Strata
import Testing

/// ``SeededGenerator``: reproducibility, the xoshiro256** reference stream, the portable
/// logarithm, and the statistics of the distributions and initializers built on it.
@Suite struct SeededGeneratorTests {
    static func draws(seed: UInt64, count: Int) -> [UInt64] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in rng.next() }
    }

    @Test func sameSeedSameSequence() {
        #expect(Self.draws(seed: 123, count: 1000) == Self.draws(seed: 123, count: 1000))
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let normalsA = (0..<200).map { _ in a.nextNormal() }
        let normalsB = (0..<200).map { _ in b.nextNormal() }
        #expect(normalsA == normalsB)
    }

    @Test func differentSeedsDiffer() {
        let one = Self.draws(seed: 1, count: 100), two = Self.draws(seed: 2, count: 100)
        // Two independent 64-bit streams agree at a given position with probability 2^-64.
        #expect(zip(one, two).allSatisfy { $0 != $1 })
        #expect(Set(one).count == 100)
    }

    /// SplitMix64 from seed 0 gives the state (0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4,
    /// 0x06c45d188009454f, 0xf88bb8a8724c81ec), the published first outputs of splitmix64.c;
    /// xoshiro256** (xoshiro256starstar.c) then yields the values below. Re-derive with:
    ///
    ///     M = (1 << 64) - 1
    ///     def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M
    ///     def splitmix64(x):
    ///         while True:
    ///             x = (x + 0x9E3779B97F4A7C15) & M
    ///             z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M
    ///             z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    ///             yield z ^ (z >> 31)
    ///     def xoshiro256starstar(seed, n):
    ///         g = splitmix64(seed); s = [next(g) for _ in range(4)]; out = []
    ///         for _ in range(n):
    ///             out.append(rotl((s[1] * 5) & M, 7) * 9 & M)
    ///             t = (s[1] << 17) & M
    ///             s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
    ///             s[3] = rotl(s[3], 45)
    ///         return out
    ///     print([hex(v) for v in xoshiro256starstar(0, 5)])
    ///     print([hex(v) for v in xoshiro256starstar(42, 3)])
    @Test func matchesXoshiro256StarStarReference() {
        #expect(Self.draws(seed: 0, count: 5) == [
            0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0,
            0x6aa5_94f1_262d_2d2c, 0xbba5_ad4a_1f84_2e59,
        ])
        #expect(Self.draws(seed: 42, count: 3) == [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1])
    }

    @Test func unitDoubleUsesTop53Bits() {
        // nextUnitDouble = (next() >> 11) · 2^-53 on the first seed-0 output 0x99ec5f36cb75f2b4.
        var rng = SeededGenerator(seed: 0)
        #expect(rng.nextUnitDouble() == Double(UInt64(0x99ec_5f36_cb75_f2b4) >> 11) * 0x1.0p-53)
    }

    /// Inputs spanning the whole Double range: 2^e · m for every 25th exponent and mantissas
    /// across [1, 2), plus round decimal values. x = 1 (log 0) is checked separately, and
    /// x just below 1 by ``portableLogJustBelowOne()``.
    static let logInputs: [Double] = {
        var values = [1e-300, 1e-10, 0.001, 0.1, 0.3, 0.5, 0.6, 0.75, 0.9, 0.99, 1.5, 2, 3, 10, 12345.678, 1e10, 1e300]
        for e in stride(from: -1000, through: 1000, by: 25) {
            for m in [1.0, 1.1, 1.25, 1.4142135623730951, 1.6, 1.75, 1.9] where !(e == 0 && m == 1) {
                values.append(Foundation.scalbn(m, e))
            }
        }
        return values
    }()

    @Test func portableLogMatchesFoundation() {
        #expect(SeededGenerator.portableLog(1) == 0)
        for x in Self.logInputs {
            let relative = abs(SeededGenerator.portableLog(x) - Foundation.log(x)) / abs(Foundation.log(x))
            #expect(relative <= 1e-15, "x = \(x): portableLog \(SeededGenerator.portableLog(x)), log \(Foundation.log(x))")
        }
    }

    /// Just below 1 the exponent is −1 and the raw mantissa near 2, so without centring the
    /// mantissa 2·atanh(z) − ln 2 would cancel (portableLog(1 − 2^-53) came out −3.33e-16
    /// instead of −1.11e-16 before the fix).
    @Test func portableLogJustBelowOne() {
        for x in [0.999, 0.999999, 1 - 1e-9, 1.0.nextDown] {
            let relative = abs(SeededGenerator.portableLog(x) - Foundation.log(x)) / abs(Foundation.log(x))
            #expect(relative <= 1e-15, "x = \(x): portableLog \(SeededGenerator.portableLog(x)), log \(Foundation.log(x))")
        }
    }

    @Test func normalSamplesHaveUnitMoments() {
        var rng = SeededGenerator(seed: 2024)
        let n = 100_000
        let samples = (0..<n).map { _ in rng.nextNormal() }
        let mean = samples.reduce(0, +) / Double(n)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Standard errors: mean 1/sqrt(n) = 0.0032, variance sqrt(2/n) = 0.0045; allow 5 of each.
        #expect(abs(mean) < 0.016, "mean \(mean)")
        #expect(abs(variance - 1) < 0.023, "variance \(variance)")
        // P(|z| < 1) = 0.6827, standard error sqrt(0.68·0.32/n) = 0.0015; a uniform of variance 1 gives 0.577.
        let inside = Double(samples.count { abs($0) < 1 }) / Double(n)
        #expect(abs(inside - 0.6827) < 0.0075, "fraction within one sigma \(inside)")
    }

    @Test func heStandardDeviation() throws {
        var rng = SeededGenerator(seed: 5)
        // fanIn = 32·3·3 = 288, so std = sqrt(2/288) = 1/12 = 0.08333.
        let weight = try Tensor.he([64, 32, 3, 3], fanIn: 288, using: &rng)
        let values = weight.scalars.map(Double.init)
        let n = Double(values.count)     // 18432
        let mean = values.reduce(0, +) / n
        let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        // Relative standard error of a sample std is 1/sqrt(2n) = 0.0052; allow 3%.
        #expect(abs(std / (1.0 / 12) - 1) < 0.03, "std \(std)")
        #expect(abs(mean) < 5 * (1.0 / 12) / n.squareRoot(), "mean \(mean)")
    }

    @Test func glorotStaysWithinLimit() throws {
        var rng = SeededGenerator(seed: 6)
        // limit = sqrt(6 / (100 + 50)) = sqrt(0.04) = 0.2
        let values = try Tensor.glorot([50, 100], fanIn: 100, fanOut: 50, using: &rng).scalars
        let limit: Float = 0.2
        #expect(values.allSatisfy { abs($0) <= limit })
        // 5000 uniform draws reach past 0.19 on both sides (each miss has probability 0.975^5000).
        #expect(values.max()! > 0.19 && values.min()! < -0.19)
    }

    @Test func heRejectsZeroFanIn() {
        var rng = SeededGenerator(seed: 1)
        expectStrataError(.invalidArgument, mentioning: ["fanIn > 0", "got 0"]) {
            _ = try Tensor.he([4, 4], fanIn: 0, using: &rng)
        }
        expectStrataError(.invalidArgument, mentioning: ["got 3, -1"]) {
            _ = try Tensor.glorot([4, 4], fanIn: 3, fanOut: -1, using: &rng)
        }
    }
}
