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
}
