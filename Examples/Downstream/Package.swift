// swift-tools-version:6.0
// A consumer of Strata by path: proves the public API is enough to build and run a layer
// and to import and run an ONNX model.
import PackageDescription

let package = Package(
    name: "Downstream",
    dependencies: [
        .package(name: "Strata", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "Downstream",
            dependencies: [
                .product(name: "Strata", package: "Strata"),
                .product(name: "StrataONNX", package: "Strata"),
            ]
        ),
    ]
)
