import Foundation
import Strata
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

    /// Every weight tensor of ResNet-18 fits in 10 MB (the largest, [512, 512, 3, 3], is
    /// 9.4 MB; weights are checked one tensor at a time as they are drawn); at 448x448 its
    /// first activation [1, 64, 224, 224] (12.8 MB) does not: the error names the node and
    /// the bytes.
    @Test func aPlanPastTheLimitNamesItsNode() throws {
        let result = try StrataCLITests.strata(
            ["bench", "resnet18", "--size", "448", "--runs", "1", "--threads", "1"], in: FileManager.default.temporaryDirectory,
            environment: ["STRATA_MEMORY_LIMIT": "10000000"])
        #expect(result.status == 1, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("Error: memory limit: node '"), "\(result.stderr)")
        #expect(result.stderr.contains(" bytes (") && result.stderr.contains("the limit is 10000000 bytes"), "\(result.stderr)")
    }

    /// A Pad of x [1, 1, 1, 8] to [1, 1, 1, 2^24] (64 MiB of output) plans one Int per output
    /// index of each axis (128 MiB): under a 100 MiB limit that is the error, by node,
    /// where it used to be built unchecked (review of issue 13).
    @Test func padIndexTablesAreCheckedAgainstTheLimit() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = "CAg6kwEKGAoBeAoEcGFkcxIBeRoFd2lkZW4iA1BhZBIBZypMCAgQB0IEcGFkc0pAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAD4//8AAAAAAFobCgF4EhYKFAgBEhAKAggBCgIIAQoCCAEKAggIYgkKAXkSBAoCCAFCBAoAEBE="
        try Data(base64Encoded: model)!.write(to: directory.appending(path: "pad.onnx"))
        try Npy.write(try Tensor(shape: [1, 1, 1, 8], repeating: 1), to: directory.appending(path: "x.npy"))
        let result = try StrataCLITests.strata(
            ["run", "pad.onnx", "--input", "x.npy", "--output", "y.npy"], in: directory, environment: ["STRATA_MEMORY_LIMIT": "100M"])
        #expect(result.status == 1, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("Error: memory limit: node 'y' (Pad): the index tables of a pad"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "y.npy").path(percentEncoded: false)))
    }

    /// A malformed STRATA_MEMORY_LIMIT was ignored without a word (review of issue 13);
    /// like a malformed STRATA_NUM_THREADS it is now an error.
    @Test(arguments: ["100KB", "garbage", "-5", "1.5G"])
    func aMalformedMemoryLimitIsAnError(_ value: String) throws {
        let result = try StrataCLITests.strata(
            ["summary", "seednet"], in: FileManager.default.temporaryDirectory, environment: ["STRATA_MEMORY_LIMIT": value])
        #expect(result.status == 1, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("Error: ") && result.stderr.contains("STRATA_MEMORY_LIMIT is '\(value)'; expected a byte count"),
                "\(result.stderr)")
    }

    /// Tuning skips a candidate that does not fit the limit instead of failing where the
    /// untuned run works (review: under a 30 MiB limit ResNet-18's 512-channel layers
    /// cannot have F(4x4)'s transformed weights, [36, 512, 512] = 36 MiB).
    @Test func tuningSkipsCandidatesPastTheLimit() throws {
        let directory = try StrataCLITests.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["STRATA_MEMORY_LIMIT": "30M"]
        let plain = try StrataCLITests.strata(["bench", "resnet18", "--runs", "1", "--threads", "1"], in: directory, environment: environment)
        #expect(plain.status == 0, "untuned: \(plain.stderr)")
        let tuned = try StrataCLITests.strata(["bench", "resnet18", "--runs", "1", "--threads", "1", "--tuning-cache", "tuning.json"],
                                              in: directory, environment: environment)
        #expect(tuned.status == 0, "tuned: \(tuned.stderr)")
        #expect(tuned.stdout.contains("tuning: 8 convolution shapes timed now"), "\(tuned.stdout)")
    }

    /// A workspace budget that is not a byte count >= 1 is a usage error of `bench`,
    /// found before the model is loaded.
    @Test(arguments: ["0", "-1", "garbage"])
    func aBadWorkspaceBudgetIsAUsageError(_ value: String) throws {
        let result = try StrataCLITests.strata(["bench", "seednet", "--workspace-budget=\(value)"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 64, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("--workspace-budget must be a byte count >= 1") && result.stderr.contains("strata bench"),
                "\(result.stderr)")
    }
}
