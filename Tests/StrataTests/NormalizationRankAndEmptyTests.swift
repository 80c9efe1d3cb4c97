import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// LRN, LpNorm, MeanVarianceNorm, LayerNorm and its statistics at ranks 6-8 and on empty
/// inputs, against their references through both runners (``RankAndEmptyAuditTests/check``),
/// and the errors on the ranks they refuse.
@Suite struct NormalizationRankAndEmptyTests {
    @Test func lrnAtEveryRank() throws {
        let op = LRNOp(try LRNConfiguration(size: 3, alpha: 0.5, beta: 0.75, bias: 1))
        try RankAndEmptyAuditTests.check(op, [[2, 5, 1, 2, 1, 3]])
        try RankAndEmptyAuditTests.check(op, [[1, 4, 1, 1, 2, 1, 1, 2]])
        try RankAndEmptyAuditTests.check(op, [[0, 3, 4, 4]])
        try RankAndEmptyAuditTests.check(op, [[2, 0, 3]])
        try RankAndEmptyAuditTests.check(op, [[2, 3, 0]])
        #expect(throws: StrataError.self) { try op.outputShape(for: [[]]) }
    }

    @Test func lpAndMeanVarianceNormAtEveryRank() throws {
        let lp = LpNormOp(try LpNormConfiguration(axis: -2, p: 2))
        try RankAndEmptyAuditTests.check(lp, [[2, 1, 3, 1, 2, 3]])
        try RankAndEmptyAuditTests.check(LpNormOp(try LpNormConfiguration(axis: 0, p: 1)), [[3, 1, 2, 1, 2, 1, 1, 2]])
        try RankAndEmptyAuditTests.check(lp, [[0, 3]])
        try RankAndEmptyAuditTests.check(lp, [[2, 0, 3]])
        let mvn = MeanVarianceNormOp(MeanVarianceNormConfiguration())
        try RankAndEmptyAuditTests.check(mvn, [[2, 3, 2, 2, 1, 3]])
        try RankAndEmptyAuditTests.check(MeanVarianceNormOp(MeanVarianceNormConfiguration(axes: [-1, 2])), [[2, 1, 3, 1, 2, 1, 1, 4]])
        try RankAndEmptyAuditTests.check(mvn, [[0, 3, 2, 2]])
        try RankAndEmptyAuditTests.check(mvn, [[2, 0, 2, 2]])
        #expect(throws: StrataError.self) { try lp.outputShape(for: [[]]) }
        #expect(throws: StrataError.self) { try mvn.outputShape(for: [[]]) }
    }

    @Test func layerNormAtEveryRank() throws {
        var rng = SeededGenerator(seed: RankAndEmptyAuditTests.seed)
        let gamma = try Tensor.uniform([2, 3], using: &rng)
        try RankAndEmptyAuditTests.check(LayerNormOp(axis: -2, gamma: gamma, beta: gamma), [[2, 1, 3, 1, 2, 3]])
        try RankAndEmptyAuditTests.check(LayerNormOp(axis: 6), [[2, 1, 2, 1, 3, 1, 2, 5]])
        try RankAndEmptyAuditTests.check(LayerNormOp(axis: -1), [[0, 4]])
        try RankAndEmptyAuditTests.check(LayerNormOp(axis: 1), [[3, 0]])
        for statistic in [LayerNormStatisticsOp.Statistic.mean, .inverseStandardDeviation] {
            try RankAndEmptyAuditTests.check(LayerNormStatisticsOp(statistic, axis: 3), [[2, 1, 2, 3, 1, 2]])
            try RankAndEmptyAuditTests.check(LayerNormStatisticsOp(statistic, axis: -1), [[0, 4]])
        }
        #expect(throws: StrataError.self) { try LayerNormOp(axis: 0).outputShape(for: [[]]) }
    }
}
