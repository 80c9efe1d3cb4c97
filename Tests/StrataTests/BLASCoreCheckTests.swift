import Strata
import Testing

/// `strata bench` warns when OpenBLAS's kernels leave the CPU's AVX-512 unused.
@Suite struct BLASCoreCheckTests {
    @Test func warnsOnlyWhenAVX512IsLeftUnused() {
        let avx512: Set<String> = ["sse2", "avx2", "fma", "avx512f", "avx512bw"]
        #expect(BLASCoreCheck.warning(core: "Haswell", cpuFlags: avx512)?.contains("Haswell kernels") == true)
        #expect(BLASCoreCheck.warning(core: "SkylakeX", cpuFlags: avx512) == nil)
        #expect(BLASCoreCheck.warning(core: "Cooperlake", cpuFlags: avx512) == nil)
        #expect(BLASCoreCheck.warning(core: "Haswell", cpuFlags: ["sse2", "avx2", "fma"]) == nil)
        #expect(BLASCoreCheck.warning(core: "Zen", cpuFlags: ["avx2"]) == nil)
    }
}
