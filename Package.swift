// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Strata",
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .library(name: "StrataReference", targets: ["StrataReference"]),
        // Verification, apart from the engine: the reference table, the divergence finder,
        // golden models, allocation counting.
        .library(name: "StrataDiagnostics", targets: ["StrataDiagnostics"]),
        .library(name: "StrataVision", targets: ["StrataVision"]),
        // Training (issue 12): for now its data pipeline, IDX files, Fashion-MNIST, batching.
        .library(name: "StrataTraining", targets: ["StrataTraining"]),
        .executable(name: "strata", targets: ["strata"]),
        // A separate product, so users of the core do not build or link protobuf.
        .library(name: "StrataONNX", targets: ["StrataONNX"]),
        .executable(name: "engine-bench", targets: ["engine-bench"]),
        // The C API (include/strata.h) as a shared library, libStrataC.so. Not named "strata":
        // SwiftPM ignores a second product of the command's name. Scripts/test-c links it
        // through a libstrata.so link, so C programs link with -lstrata.
        .library(name: "StrataC", type: .dynamic, targets: ["StrataC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // Only for `swift package generate-documentation` (Scripts/docs); no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS (cblas_sgemm) and LAPACKE. Only Sources/Strata/BLAS/BLAS.swift imports it.
        .systemLibrary(
            name: "CBLAS",
            path: "CBLAS-modulemap",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        // Hot leaf loops that need AVX2/FMA (per-function target attributes, chosen at run
        // time by CPU feature); each keeps a Swift fallback. Also the spin-wait hint.
        .target(name: "CStrataKernels"),
        // The engine. It links no verification code: references live in StrataDiagnostics.
        .target(name: "Strata", dependencies: ["CBLAS", "CStrataKernels"]),
        // libpng, through its simplified API only. Only StrataVision imports it, so users of
        // the core do not link libpng.
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev", "zlib1g-dev"])]),
        // cairo: the text, lines and fills of feature-map figures (fonts: DejaVu Sans through
        // fontconfig). Only StrataVision imports it.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev", "fonts-dejavu-core"])]),
        // libjpeg-turbo, through its TurboJPEG API only (errors are return values, no longjmp).
        // Only StrataVision imports it.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        // Images in and out: PNG and JPEG, preprocessing an image into a model's input,
        // top-k classes, feature-map figures.
        .target(name: "StrataVision", dependencies: ["Strata", "CPNG", "CTurboJPEG", "CCairo"]),
        // zlib, through its gz* API only (gzip or plain files read alike). Only StrataTraining
        // imports it, so users of the core do not link zlib through it.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Training. Data/: the IDX reader (MNIST's format, gzip through CZlib), Fashion-MNIST
        // from the Debian package dataset-fashion-mnist, and the batching DataLoader.
        .target(name: "StrataTraining", dependencies: ["Strata", "CZlib"]),
        // The `strata` command: run, summary, maps, bench.
        .executableTarget(
            name: "strata",
            dependencies: [
                "Strata", "StrataVision", "StrataONNX", "StrataTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Naive kernels: plain loops accumulating in Double, sharing no code with the fast
        // path (not even Strata's Tensor).
        .target(name: "StrataReference"),
        // The reference table (every op type mapped to its StrataReference computation,
        // ReferenceComputable), the divergence finder, the golden models and the tensor
        // allocation counter: what tests and engine-bench verify the engine with.
        .target(name: "StrataDiagnostics", dependencies: ["Strata", "StrataReference"]),
        .executableTarget(
            name: "engine-bench",
            dependencies: [
                // StrataC: `engine-bench c-api` times the C entry points in the same process.
                "Strata", "StrataDiagnostics", "StrataTraining", "StrataC", "CStrataAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // ONNX import: Generated/onnx.pb.swift comes from Scripts/generate-onnx-proto (committed;
        // only the SwiftProtobuf runtime library is built here, never the protoc plugin).
        .target(
            name: "StrataONNX",
            dependencies: ["Strata", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // strata.h (the one copy of the header: C callers and the Swift side below see the same
        // struct layouts) and the C-only parts of the API: version, status names, default
        // options, the per-thread last-error message.
        .target(name: "CStrataAPI"),
        // The C API's entry points, `@_cdecl` functions over Model and ONNXImporter.
        .target(name: "StrataC", dependencies: ["CStrataAPI", "Strata", "StrataONNX"]),
        .testTarget(name: "StrataTests", dependencies: ["Strata", "StrataReference", "StrataDiagnostics"]),
        .testTarget(name: "StrataVisionTests", dependencies: ["StrataVision", "Strata"]),
        // Runs the built `strata` binary (swift build builds it before the tests).
        .testTarget(name: "StrataCLITests", dependencies: ["StrataVision", "Strata"]),
        .testTarget(name: "StrataTrainingTests", dependencies: ["StrataTraining", "Strata", "StrataDiagnostics"]),
        .testTarget(name: "StrataONNXTests", dependencies: ["StrataONNX", "Strata", "StrataReference"]),
    ]
)
