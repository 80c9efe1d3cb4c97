import Foundation
import Testing

/// The default memory limit follows the limits the process really has: under `ulimit -v`
/// (a container, a batch scheduler) a plan larger than that is an error, not an abort
/// ("failed to allocate", exit 134) as it was when only physical memory counted.
@Suite struct StrataCLIMemoryLimitTests {
    @Test func anAddressSpaceLimitBecomesTheDefaultMemoryLimit() throws {
        let directory = FileManager.default.temporaryDirectory
        // seednet at batch 100000 needs about 9 GB of activations; the shell allows 3 GiB.
        let binary = StrataCLITests.binary.path(percentEncoded: false)
        let result = try StrataCLITests.strata(
            ["-c", "ulimit -v 3145728 && exec \"$0\" bench seednet --batch 100000 --runs 1", binary], in: directory, executable: "/bin/sh")
        #expect(result.status == 1, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("the limit is"), "\(result.stderr)")
        #expect(!result.stderr.contains("failed to allocate"), "\(result.stderr)")
    }

    /// Every tensor of ResNet-18 fits in 3.5 MB; what its plans need (the arena, Winograd's
    /// transformed weights) does not: the error names the node and the bytes.
    @Test func aPlanPastTheLimitNamesItsNode() throws {
        let result = try StrataCLITests.strata(
            ["bench", "resnet18", "--runs", "1", "--threads", "1"], in: FileManager.default.temporaryDirectory,
            environment: ["STRATA_MEMORY_LIMIT": "3500000"])
        #expect(result.status == 1, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("Error: memory limit: node '"), "\(result.stderr)")
        #expect(result.stderr.contains(" bytes (") && result.stderr.contains("the limit is 3500000 bytes"), "\(result.stderr)")
    }
}
