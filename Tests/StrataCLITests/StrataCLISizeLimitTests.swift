import Foundation
import Testing

/// Every size a user can ask of `strata bench` (batch, --size, --input-shape, threads) is
/// checked before anything is allocated (issue 11, point 7): one line on stderr, exit 1,
/// no backtrace. The limit is set to 1 GiB so the numbers do not depend on the machine.
@Suite struct StrataCLISizeLimitTests {
    static let environment = ["STRATA_MEMORY_LIMIT": "1G"]

    @Test(arguments: [
        (["bench", "resnet18", "--batch", "100000"], "the input [100000, 3, 224, 224] of resnet18 needs 60211200000 bytes"),
        (["bench", "resnet18", "--size", "100000"], "the input [1, 3, 100000, 100000] of resnet18 needs 120000000000 bytes"),
        (["bench", "resnet18", "--input-shape", "1x3x100000x100000"], "the input [1, 3, 100000, 100000] of resnet18 needs 120000000000 bytes"),
        // 3x8000x8000 fits; VGG's first classifier layer for it (4096 x 512·250², 0.5 TB) does not.
        (["bench", "vgg11", "--size", "8000"], "the weight tensor [4096, 32000000] of node 'classifier.0' needs 524288000000 bytes"),
    ])
    func hugeSizesAreOneLineErrors(_ arguments: [String], _ message: String) throws {
        let result = try StrataCLITests.strata(arguments + ["--runs", "1"], in: FileManager.default.temporaryDirectory,
                                               environment: Self.environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("Error: memory limit: \(message)"), "\(result.stderr)")
        #expect(result.stderr.contains("the limit is 1073741824 bytes"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// A size whose input (12 MiB) and weights fit 60 MiB but whose activations do not
    /// (conv1's output [1, 64, 512, 512], fused with its ReLU, is 64 MiB): the plan is refused, by node, before
    /// the random input is drawn.
    @Test func aPlanPastTheLimitIsRefusedBeforeTheInput() throws {
        let result = try StrataCLITests.strata(["bench", "resnet18", "--size", "1024", "--runs", "1", "--threads", "1"],
                                               in: FileManager.default.temporaryDirectory, environment: ["STRATA_MEMORY_LIMIT": "60M"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: memory limit: node 'relu' (Conv2d+relu) output [1, 64, 512, 512]"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    /// summary allocates no activations: it describes the huge plan and says it is past the limit.
    @Test func summaryDescribesAHugeBuiltInPlan() throws {
        let result = try StrataCLITests.strata(["summary", "resnet18", "--input-shape", "1x3x100000x100000"],
                                               in: FileManager.default.temporaryDirectory, environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("more than the memory limit of"), "\(result.stdout)")
    }

    @Test func absurdThreadCountsAreClampedWithANote() throws {
        let result = try StrataCLITests.strata(["bench", "seednet", "--threads", "1000000", "--runs", "1"],
                                               in: FileManager.default.temporaryDirectory, environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("note: 1000000 threads is more than the"), "\(result.stderr)")
    }
}
