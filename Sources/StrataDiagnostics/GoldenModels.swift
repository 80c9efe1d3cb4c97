import Strata

/// The exact models the golden-output tests pin: a builder's seeded weights with every
/// BatchNorm statistic and bias redrawn (`Graph.randomizingStatistics(seed:)`), so the
/// numbers exercise BatchNorm folding. `engine-bench export` writes these weights for
/// `Scripts/make-golden`; the tests rebuild the same graph from the same seed.
public enum GoldenModels {
    /// The `ModelZoo` network `name` built at `size`x`size` for `classes` classes, batch 1,
    /// with weights from `seed` and BatchNorm statistics and biases redrawn from `seed + 1000`.
    /// - Throws: `StrataError` for an unknown name or a size the network cannot take
    ///   (what `ModelZoo.build(_:inputSize:classes:batch:seed:)` throws).
    public static func graph(_ name: String, size: Int, classes: Int, seed: UInt64) throws -> Graph {
        try ModelZoo.build(name, inputSize: size, classes: classes, batch: 1, seed: seed)
            .randomizingStatistics(seed: seed &+ 1000)
    }
}
