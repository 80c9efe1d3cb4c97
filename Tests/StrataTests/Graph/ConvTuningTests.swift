import Dispatch
import Foundation
@testable import Strata
import StrataDiagnostics
import Testing

/// ``CompileOptions/tuning``: every convolution with more than one applicable algorithm is
/// timed once per machine and shape, the choice is kept in the cache file and used from
/// there, and a tuned graph computes what the reference computes. (Which algorithm wins
/// is a timing, so it is not asserted; that the recorded choice is the one that runs is.)
@Suite struct ConvTuningTests {
    static let seed: UInt64 = 401

    /// A 3x3 layer where Winograd and im2col both apply, a 1x1 (pointwise or im2col), a
    /// depthwise (direct or im2col) and a strided stem (im2col only: never timed).
    static func graph() throws -> Graph {
        let b = try GraphBuilder(inputShape: [1, 3, 24, 24], seed: seed)
        var x = try b.relu(b.conv(b.input, 16, kernel: 3, stride: 2, padding: .symmetric(1), name: "stem"), name: "stem.relu")
        x = try b.relu(b.conv(x, 16, kernel: 3, padding: .symmetric(1), name: "conv3x3"), name: "conv3x3.relu")
        x = try b.conv(x, 16, kernel: 3, padding: .symmetric(1), groups: 16, name: "dw")
        x = try b.conv(x, 8, kernel: 1, name: "pw")
        return try b.build(outputs: [x])
    }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "strata-tuning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func algorithms(_ compiled: CompiledGraph) -> [String: ConvAlgorithm?] {
        Dictionary(uniqueKeysWithValues: compiled.graph.nodes.compactMap { node in
            (node.op as? ConvOp).map { (node.name, $0.algorithm) }
        })
    }

    @Test func tunedGraphMatchesTheReferenceAndRecordsEachTimedLayer() throws {
        let graph = try Self.graph()
        var rng = SeededGenerator(seed: Self.seed)
        let input = try Tensor.uniform(graph.input.outputShape.dimensions, low: -1, high: 1, using: &rng)
        let cache = try ConvTuningCache(url: nil)
        let compiled = try graph.compiled(options: CompileOptions(tuning: cache), workers: 2)
        let comparison = try compiled.run(input).output.compared(with: graph.referenceRun(input))
        #expect(comparison.relativeError <= 1e-4, "seed \(Self.seed): \(comparison)")
        // conv3x3 (+relu), dw and pw are timed; the strided stem has only im2col.
        #expect(cache.count == 3 && cache.measuredCount == 3)
        let chosen = Self.algorithms(compiled)
        // Fused nodes carry the activation's name.
        #expect(chosen["stem.relu"] == .some(nil), "the stem is left to the cost model: \(chosen)")
        #expect(["conv3x3.relu", "dw", "pw"].allSatisfy { chosen[$0] != .some(nil) }, "\(chosen)")
    }

    /// The file's choice is what runs, and a cached layer is not timed again: the test
    /// rewrites every recorded choice to the slowest-looking legal one and compiles again.
    @Test func choicesInTheFileAreUsedWithoutTimingAgain() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "sub/tuning.json")
        let graph = try Self.graph()
        _ = try graph.compiled(options: CompileOptions(tuning: ConvTuningCache(url: url)), workers: 1)
        var json = try String(contentsOf: url, encoding: .utf8)
        #expect(json.contains("strata-conv-tuning") && json.contains("input [1, 16, 12, 12]"), "\(json)")
        for name in ["winograd4x4", "winograd2x2", "depthwiseDirect", "pointwiseGemm"] {
            json = json.replacingOccurrences(of: "\"\(name)\"", with: "\"im2colGemm\"")
        }
        try json.write(to: url, atomically: true, encoding: .utf8)

        let cache = try ConvTuningCache(url: url)
        #expect(cache.count == 3)
        let compiled = try graph.compiled(options: CompileOptions(tuning: cache), workers: 1)
        #expect(cache.count == 3 && cache.measuredCount == 0, "nothing new was timed")
        let chosen = Self.algorithms(compiled)
        #expect(["conv3x3.relu", "dw", "pw"].allSatisfy { chosen[$0] == .some(.im2colGemm) }, "\(chosen)")
        #expect(try String(contentsOf: url, encoding: .utf8) == json, "an unchanged cache is not rewritten")
    }

    /// Another machine's entries stay in the file and are not used here.
    @Test func entriesOfAnotherMachineAreKeptButNotUsed() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "tuning.json")
        let graph = try Self.graph()
        _ = try graph.compiled(options: CompileOptions(tuning: ConvTuningCache(url: url, machine: "machine A")), workers: 1)
        let other = try ConvTuningCache(url: url, machine: "machine B")
        #expect(other.count == 0)
        _ = try graph.compiled(options: CompileOptions(tuning: other), workers: 1)
        #expect(other.count == 3)
        #expect(try ConvTuningCache(url: url, machine: "machine A").count == 3, "machine A's entries survived B's save")
    }

    /// A file that is not a tuning cache is an error naming it, and it is left as it was.
    @Test func aFileThatIsNotATuningCacheIsRefusedAndKept() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "notes.json")
        let original = #"{"my": "notes"}"#
        try original.write(to: url, atomically: true, encoding: .utf8)
        expectStrataError(.invalidFile, mentioning: [url.path(percentEncoded: false), "not a convolution tuning cache"]) {
            _ = try ConvTuningCache(url: url)
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == original)
    }

    /// A smaller workspace budget shrinks the compiled graph's workspace and computes the
    /// same convolution (im2col on a plane cut into more panels, Winograd in more blocks).
    @Test(arguments: [ConvAlgorithm.im2colGemm, .winograd4x4, .winograd2x2])
    func workspaceBudgetBoundsTheWorkspace(_ algorithm: ConvAlgorithm) throws {
        let b = try GraphBuilder(inputShape: [1, 32, 40, 40], seed: Self.seed)
        let graph = try b.build(outputs: [b.conv(b.input, 32, kernel: 3, padding: .symmetric(1), name: "conv")])
        var rng = SeededGenerator(seed: Self.seed)
        let input = try Tensor.uniform([1, 32, 40, 40], low: -1, high: 1, using: &rng)
        let expected = try graph.referenceRun(input)
        var workspaces: [Int] = []
        for bytes in [Conv2dPlan.defaultWorkspaceBudget * 4, 64 * 1024] {
            let options = CompileOptions(convolutionAlgorithm: algorithm, workspaceBudgetBytes: bytes)
            let compiled = try graph.compiled(options: options, workers: 2)
            let comparison = try compiled.run(input).output.compared(with: expected)
            #expect(comparison.relativeError <= 1e-4, "\(algorithm) budget \(bytes): \(comparison)")
            workspaces.append(compiled.workspaceCount)
        }
        // 2 MiB per worker holds the whole 40x40 plane (one panel or block per worker);
        // 64 KiB forces the minimum: 64-column panels, or 16-tile blocks shared by the workers.
        #expect(workspaces[1] * 4 <= workspaces[0], "\(algorithm): workspaces \(workspaces)")
    }

    /// Processes saving one cache take turns under a lock on `FILE.lock` (review: two
    /// `strata bench --tune` at once lost entries in 21 of 30 rounds). Separate caches on
    /// separate threads open the lock separately, so they exclude each other the same way.
    @Test func concurrentSavesKeepEveryEntry() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "shared.json")
        let writers = 8, rounds = 5
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                for round in 0..<rounds {
                    let cache = try ConvTuningCache(url: url, machine: "machine \(writer)")
                    cache.record(.im2colGemm, for: "layer \(round)")
                    try cache.save()
                }
            } catch {
                failures.withLock { $0.append("writer \(writer): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        for writer in 0..<writers {
            #expect(try ConvTuningCache(url: url, machine: "machine \(writer)").count == rounds, "machine \(writer)")
        }
    }

    /// Saving through a symbolic link replaces the file it points at, which keeps its
    /// permissions (review: the link became a regular file, and 0600 became 0644).
    @Test func savingThroughALinkReplacesItsTargetAndKeepsItsMode() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appending(path: "dotfiles/conv-tuning.json")
        let link = directory.appending(path: "link.json")
        let first = try ConvTuningCache(url: target, machine: "m")
        first.record(.winograd2x2, for: "a")
        try first.save()
        #expect(chmod(target.path(percentEncoded: false), 0o600) == 0)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)

        let second = try ConvTuningCache(url: link, machine: "m")
        second.record(.im2colGemm, for: "b")
        try second.save()
        let attributes = try FileManager.default.attributesOfItem(atPath: link.path(percentEncoded: false))
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "the link is still a link")
        #expect(try ConvTuningCache(url: target, machine: "m").count == 2)
        let mode = try FileManager.default.attributesOfItem(atPath: target.path(percentEncoded: false))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// A cache whose folder cannot be made says which path and why.
    @Test func aCacheUnderARegularFileCannotBeSaved() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "notes.txt")
        try "mine".write(to: file, atomically: true, encoding: .utf8)
        let cache = try ConvTuningCache(url: file.appending(path: "cache.json"), machine: "m")
        cache.record(.im2colGemm, for: "a")
        expectStrataError(.invalidFile, mentioning: ["cannot save the tuning cache", "notes.txt is not a folder"]) { try cache.save() }
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
    }

    /// A budget as large as Int allows is no bound, not an overflow (review: 5 workers
    /// times Int.max trapped).
    @Test func anUnboundedBudgetPlans() throws {
        let configuration = Conv2dConfiguration(inChannels: 8, outChannels: 8, kernel: 3, padding: .same)
        for algorithm in [ConvAlgorithm.im2colGemm, .winograd4x4, .winograd2x2] {
            let plan = try Conv2dPlan(configuration: configuration, inputShape: [1, 8, 20, 20], workers: 5,
                                      algorithm: algorithm, workspaceBudget: .max)
            #expect(plan.workspaceCount > 0 && plan.workspaceCount < 1 << 24, "\(algorithm): \(plan.workspaceCount)")
        }
    }
}
