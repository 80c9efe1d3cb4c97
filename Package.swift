// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Strata",
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .library(name: "StrataReference", targets: ["StrataReference"]),
        .executable(name: "engine-bench", targets: ["engine-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // OpenBLAS (cblas_sgemm) and LAPACKE. Only Sources/Strata/BLAS/BLAS.swift imports it.
        .systemLibrary(
            name: "CBLAS",
            path: "CBLAS-modulemap",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        .target(name: "Strata", dependencies: ["CBLAS", "StrataReference"]),
        // Naive kernels: plain loops accumulating in Double, sharing no code with the fast
        // path. Strata links it only for the divergence finder and op references.
        .target(name: "StrataReference"),
        .executableTarget(
            name: "engine-bench",
            dependencies: [
                "Strata", "StrataReference",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "StrataTests", dependencies: ["Strata", "StrataReference"]),
    ]
)
