import Strata

/// The exact models the golden-output tests pin: a builder's seeded weights with every
/// BatchNorm statistic and bias redrawn (``Graph/randomizingStatistics(seed:)``), so the
/// numbers exercise BatchNorm folding. `engine-bench export` writes these weights for
/// `Scripts/make-golden`; the tests rebuild the same graph from the same seed.
public enum GoldenModels {
    public static func graph(_ name: String, size: Int, classes: Int, seed: UInt64) throws -> Graph {
        try ModelZoo.build(name, inputSize: size, classes: classes, batch: 1, seed: seed)
            .randomizingStatistics(seed: seed &+ 1000)
    }
}
