// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Transcription (issue 17) runs on whisper.cpp 1.8.5 as the PyPI wheel `pywhispercpp` ships it,
// with its headers from the same release's source distribution, both pinned by hash and put in
// .build-asr by `make asr` (Tools/asr/install.sh), which also writes the module map. A
// system-library target over that folder, not pkg-config: the library is no Debian package and
// has no .pc file, and its ggml libraries must stay where its RPATH finds them. Without the
// folder, CCRSpeech builds without it and ccrd says transcription is unavailable.
let asr = Context.packageDirectory + "/.build-asr"
let hasWhisper = FileManager.default.fileExists(atPath: asr + "/CWhisper/module.modulemap")

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ccrd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ccrd", targets: ["ccrd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "COpus",
            pkgConfig: "opus",
            providers: [.apt(["libopus-dev"])]
        ),
        .systemLibrary(
            name: "CPulse",
            pkgConfig: "libpulse",
            providers: [.apt(["libpulse-dev"])]
        ),
        .target(
            name: "CCRCore",
            swiftSettings: strict
        ),
        .target(
            name: "CCRMedia",
            dependencies: [
                "CCRCore",
                "COpus", "CPulse",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CCRSpeech",
            dependencies: ["CCRCore"] + (hasWhisper ? ["CWhisper"] : []),
            swiftSettings: strict,
            // Found where Systemd/install.sh puts it beside an installed ccrd, else in the build tree.
            linkerSettings: hasWhisper
                ? [.unsafeFlags(["-L", asr + "/lib", "-Xlinker", "-rpath", "-Xlinker", "$ORIGIN/../lib/ccrd", "-Xlinker", "-rpath", "-Xlinker", asr + "/lib"])]
                : []
        ),
        .target(
            name: "CCRStore",
            dependencies: [
                "CCRCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CCRServer",
            dependencies: [
                "CCRCore",
                "CCRMedia",
                "CCRStore",
                "CCRSpeech",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // The dashboard's files, compiled into the binary (no resource bundle beside it).
            resources: [
                .embedInCode("Dashboard/Files/dashboard.html"),
                .embedInCode("Dashboard/Files/dashboard.css"),
                .embedInCode("Dashboard/Files/dashboard.js"),
                .embedInCode("Dashboard/Files/sla.html"),
                .embedInCode("Dashboard/Files/sla.js"),
                .embedInCode("Dashboard/Files/common.js"),
                .embedInCode("Dashboard/Files/i18n.js"),
                .embedInCode("Dashboard/Files/callpage.js"),
                .embedInCode("Dashboard/Files/workspace.js"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ccrd",
            dependencies: [
                "CCRCore",
                "CCRServer",
                "CCRMedia",
                "CCRSpeech",
                "CCRStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "analysis-benchmark",
            dependencies: ["CCRCore", "CCRMedia"],
            path: "Benchmarks/AnalysisBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "live-benchmark",
            dependencies: [
                "BenchSupport", "CCRCore", "CCRServer", "CCRStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Benchmarks/LiveBenchmark",
            swiftSettings: strict
        ),
        .target(
            name: "BenchSupport",
            path: "Benchmarks/BenchSupport",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "load-generator",
            dependencies: ["BenchSupport"],
            path: "Benchmarks/LoadGenerator",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "store-benchmark",
            dependencies: ["BenchSupport", "CCRCore", "CCRStore"],
            path: "Benchmarks/StoreBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ccrd-bench",
            dependencies: [
                "BenchSupport", "CCRCore", "CCRMedia", "COpus",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/BenchSuite",
            swiftSettings: strict
        ),
        // Fuzzing (Fuzz/README.md): the targets as a library the replay tests also use, and one
        // libFuzzer entry point per target (`make fuzz`).
        .target(
            name: "CCRFuzz",
            dependencies: [
                "CCRCore", "CCRMedia", "CCRServer", "CCRStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Fuzz/Targets",
            swiftSettings: strict
        ),
        .executableTarget(name: "FuzzRTP", dependencies: ["CCRFuzz"], path: "Fuzz/Entry/FuzzRTP", swiftSettings: strict),
        .executableTarget(name: "FuzzQuery", dependencies: ["CCRFuzz"], path: "Fuzz/Entry/FuzzQuery", swiftSettings: strict),
        .executableTarget(name: "FuzzConfig", dependencies: ["CCRFuzz"], path: "Fuzz/Entry/FuzzConfig", swiftSettings: strict),
        .executableTarget(name: "FuzzWAV", dependencies: ["CCRFuzz"], path: "Fuzz/Entry/FuzzWAV", swiftSettings: strict),
        .executableTarget(name: "FuzzLive", dependencies: ["CCRFuzz"], path: "Fuzz/Entry/FuzzLive", swiftSettings: strict),
        .testTarget(
            name: "FuzzCorpusTests",
            dependencies: ["CCRFuzz"],
            path: "Tests/FuzzCorpusTests",
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "CCRCoreTests",
            dependencies: ["CCRCore", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CCRMediaTests",
            dependencies: [
                "CCRMedia", "CCRCore", "COpus", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CCRServerTests",
            dependencies: [
                "CCRServer",
                "CCRSpeech",
                "CCRCore",
                "CCRMedia",
                "CCRStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CCRStoreTests",
            dependencies: ["CCRStore", "CCRCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "CCRCore", "CCRMedia", "COpus", "TestSupport",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)

if hasWhisper {
    package.targets.append(.systemLibrary(name: "CWhisper", path: ".build-asr/CWhisper"))
}
