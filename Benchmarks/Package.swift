// swift-tools-version:6.1
import PackageDescription

// Micro-benchmarks of the pieces every call goes through, with ordo-one/benchmark. CI builds them (scripts/test.sh)
// but does not run them; run them with `swift package benchmark` in this folder.
let package = Package(
    name: "PlugboardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Plugboard", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CallPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PlugboardCore", package: "Plugboard"),
                .product(name: "PlugboardStore", package: "Plugboard"),
            ],
            path: "Benchmarks/CallPath",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
