import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Where kernel time goes, for benchmarks (`engine-bench train` prints the shares of GEMM,
/// im2col/col2im and the rest). Off by default: a disabled ``measure(_:_:)`` is one relaxed
/// atomic load. When on, each section's thread time is summed over all threads, so with
/// several threads the figures are CPU seconds, not wall-clock seconds.
public enum KernelProfile {
    /// A kind of kernel work.
    public enum Section: Int, CaseIterable, Sendable {
        /// `cblas_sgemm` calls.
        case gemm
        /// Lowering images to column matrices.
        case im2col
        /// Adding column matrices back into images (the input gradient of a convolution).
        case col2im

        /// Its name in reports.
        public var name: String {
            switch self {
            case .gemm: "gemm"
            case .im2col: "im2col"
            case .col2im: "col2im"
            }
        }
    }

    private static let enabled = Atomic<Bool>(false)
    private static let gemmNanoseconds = Atomic<Int>(0)
    private static let im2colNanoseconds = Atomic<Int>(0)
    private static let col2imNanoseconds = Atomic<Int>(0)

    private static func load(_ section: Section) -> Int {
        switch section {
        case .gemm: gemmNanoseconds.load(ordering: .relaxed)
        case .im2col: im2colNanoseconds.load(ordering: .relaxed)
        case .col2im: col2imNanoseconds.load(ordering: .relaxed)
        }
    }

    /// Whether sections are timed.
    public static var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }

    /// Sets every section's total to zero.
    public static func reset() {
        for section in Section.allCases { add(section, -load(section)) }
    }

    /// Seconds summed over all threads in `section` since the last ``reset()``.
    public static func seconds(_ section: Section) -> Double {
        Double(load(section)) * 1e-9
    }

    /// Runs `body`, adding its duration to `section` when profiling is on.
    @inline(__always)
    public static func measure<R>(_ section: Section, _ body: () throws -> R) rethrows -> R {
        guard enabled.load(ordering: .relaxed) else { return try body() }
        let start = monotonicNanoseconds()
        defer { add(section, monotonicNanoseconds() - start) }
        return try body()
    }

    private static func add(_ section: Section, _ value: Int) {
        switch section {
        case .gemm: gemmNanoseconds.add(value, ordering: .relaxed)
        case .im2col: im2colNanoseconds.add(value, ordering: .relaxed)
        case .col2im: col2imNanoseconds.add(value, ordering: .relaxed)
        }
    }

    private static func monotonicNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
