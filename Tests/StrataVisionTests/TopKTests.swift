import Strata
import StrataVision
import Testing

/// Top-k classes. Expected probabilities are computed by hand:
/// softmax([1, 2, 3]) = [e^-2, e^-1, 1] / (1 + e^-1 + e^-2) = [0.0900306, 0.2447285, 0.6652410].
@Suite struct TopKTests {
    @Test func logitsGetASoftmax() throws {
        let logits = try Tensor(shape: [1, 3], values: [1, 2, 3])
        let best = try TopK.classes(logits, k: 2)
        #expect(best.count == 1 && best[0].map(\.index) == [2, 1])
        #expect(abs(best[0][0].probability - 0.6652410) < 1e-6 && abs(best[0][1].probability - 0.2447285) < 1e-6)
        // Shifted by 1000: the same probabilities, no overflow (a naive exp(1003) is inf).
        let large = try TopK.classes(Tensor(shape: [1, 3], values: [1001, 1002, 1003]), k: 3)
        #expect(zip(large[0].map(\.probability), [0.6652410, 0.2447285, 0.0900306]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func probabilitiesStayAsTheyAre() throws {
        // Sums to 1 and all in 0...1: a softmax output, not logits.
        let best = try TopK.classes(Tensor(shape: [2, 4], values: [0.1, 0.6, 0.1, 0.2, 0.25, 0.25, 0.5, 0]), k: 3)
        #expect(best[0] == [.init(index: 1, probability: 0.6), .init(index: 3, probability: 0.2), .init(index: 0, probability: 0.1)])
        // Ties keep the lower index first; k above the class count gives every class.
        #expect(best[1].map(\.index) == [2, 0, 1])
        #expect(try TopK.classes(Tensor(shape: [4], values: [0.1, 0.6, 0.1, 0.2]), k: 9)[0].count == 4)
        // In 0...1 but summing to 0.5: logits. softmax([0.5, 0]) = [1 / (1 + e^-0.5), ...] = 0.6224593.
        #expect(abs(try TopK.classes(Tensor(shape: [1, 2], values: [0.5, 0]), k: 1)[0][0].probability - 0.6224593) < 1e-6)
    }

    @Test func labelsDropABOMAndTakeEveryLineEnd() throws {
        // A UTF-8 BOM (EF BB BF) as a file read from disk holds it.
        let bom = String(decoding: [0xEF, 0xBB, 0xBF] + Array("tench\ngoldfish\n".utf8), as: UTF8.self)
        #expect(try TopK.labels(bom, classes: 2, origin: "l.txt") == ["tench", "goldfish"])
        #expect(try TopK.labels("a\rb\rc", classes: 3, origin: "l.txt") == ["a", "b", "c"])
        #expect(try TopK.labels("a\rb\rc\r", classes: 3, origin: "l.txt") == ["a", "b", "c"])
        #expect(try TopK.labels("a\r\nb\nc\rd\r\n", classes: 4, origin: "l.txt") == ["a", "b", "c", "d"])
        // An empty line between two line ends is a label of its own.
        #expect(try TopK.labels("a\r\rc", classes: 3, origin: "l.txt") == ["a", "", "c"])
        // A BOM anywhere else is text, not removed.
        #expect(try TopK.labels("a\n\u{FEFF}b", classes: 2, origin: "l.txt") == ["a", "\u{FEFF}b"])
    }

    @Test func clampNoteOnlyWhenKExceedsTheClasses() {
        #expect(TopK.clampNote(k: 2000, classes: 1000) == "--top-k 2000 is more than the 1000 classes; showing all")
        #expect(TopK.clampNote(k: 2, classes: 1) == "--top-k 2 is more than the 1 class; showing all")
        #expect(TopK.clampNote(k: 1000, classes: 1000) == nil)
        #expect(TopK.clampNote(k: 5, classes: 1000) == nil)
    }

    @Test func labelsAndTable() throws {
        #expect(try TopK.labels("cat\r\ndog\nbird\n", classes: 3, origin: "l.txt") == ["cat", "dog", "bird"])
        expectError(mentioning: ["l.txt has 2 labels", "3 classes"]) { _ = try TopK.labels("cat\ndog\n", classes: 3, origin: "l.txt") }
        expectError(mentioning: ["k >= 1"]) { _ = try TopK.classes(Tensor(shape: [1, 2], values: [1, 2]), k: 0) }
        expectError(mentioning: ["NaN at class 1"]) { _ = try TopK.classes(Tensor(shape: [1, 2], values: [1, .nan]), k: 1) }
        let table = TopK.table([[.init(index: 2, probability: 0.6652410), .init(index: 10, probability: 0.25)]], labels: Array(repeating: "x", count: 10) + ["dog"])
        // Two images: one table each, under "image N".
        let two = TopK.table([[.init(index: 0, probability: 1)], [.init(index: 1, probability: 0.5)]], labels: nil)
        #expect(two == "image 0\nrank  probability  class\n   1     1.000000      0\nimage 1\nrank  probability  class\n   1     0.500000      1")
        #expect(table == """
            rank  probability  class  label
               1     0.665241      2  x
               2     0.250000     10  dog
            """)
    }
}
