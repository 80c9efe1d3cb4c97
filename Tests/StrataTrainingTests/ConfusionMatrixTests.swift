import Foundation
import Strata
import StrataTraining
import Testing

/// ConfusionMatrix: counts, accuracies and the table, all worked out by hand.
@Suite struct ConfusionMatrixTests {
    /// labels   0 0 0 1 1 2
    /// predicted 0 1 0 1 1 0  → rows cat [2 1 0], dog [0 2 0], bird [1 0 0].
    static func example() throws -> ConfusionMatrix {
        var matrix = try ConfusionMatrix(classNames: ["cat", "dog", "bird"])
        try matrix.add(labels: [0, 0, 0, 1, 1, 2], predictions: [0, 1, 0, 1, 1, 0])
        return matrix
    }

    @Test func countsAndAccuracies() throws {
        let matrix = try Self.example()
        #expect(matrix.counts == [2, 1, 0, 0, 2, 0, 1, 0, 0])
        #expect(matrix.count(actual: 2, predicted: 0) == 1)
        #expect(matrix.total == 6)
        #expect(matrix.correct == 4)
        #expect(matrix.accuracy == 4.0 / 6.0)
        #expect(matrix.perClassAccuracy == [2.0 / 3.0, 1.0, 0.0])
    }

    @Test func tableIsAligned() throws {
        let expected = """
            actual \\ predicted  cat  dog  bird  accuracy
            cat                   2    1     0     66.7%
            dog                   0    2     0    100.0%
            bird                  1    0     0      0.0%
            overall accuracy 66.67% (4 of 6)
            """
        #expect(try Self.example().description == expected)
    }

    /// Wide counts widen their column; a class without samples shows `-`.
    @Test func wideCountsAndEmptyClasses() throws {
        var matrix = try ConfusionMatrix(classCount: 2)
        for _ in 0..<1234 { try matrix.add(actual: 0, predicted: 1) }
        #expect(matrix.perClassAccuracy == [0.0, nil])
        let expected = """
            actual \\ predicted  0     1  accuracy
            0                   0  1234      0.0%
            1                   0     0         -
            overall accuracy 0.00% (0 of 1234)
            """
        #expect(matrix.description == expected)
    }

    /// Row argmax, the first index on ties (torch.argmax).
    @Test func logitsArePredictedByTheirLargestEntry() throws {
        var matrix = try ConfusionMatrix(classCount: 3)
        let logits = try Tensor(shape: [3, 3], values: [0.1, 0.7, 0.2, /* */ 5, 5, 1, /* */ -3, -2, -1])
        try matrix.add(logits: logits, labels: [1, 1, 2])
        #expect(matrix.counts == [0, 0, 0, 1, 1, 0, 0, 0, 1])
    }

    @Test func badInputIsRefusedWithoutCounting() throws {
        var matrix = try ConfusionMatrix(classCount: 3)
        #expect(throws: StrataError.self) { try matrix.add(labels: [0, 1], predictions: [0]) }
        #expect(throws: StrataError.self) { try matrix.add(labels: [0, 1], predictions: [0, 3]) }
        #expect(throws: StrataError.self) { try matrix.add(actual: -1, predicted: 0) }
        #expect(throws: StrataError.self) { try matrix.add(logits: Tensor(shape: [2, 4], values: Array(repeating: 0, count: 8)), labels: [0, 1]) }
        #expect(throws: StrataError.self) { try ConfusionMatrix(classNames: []) }
        #expect(matrix.total == 0)
    }
}
