// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Plugboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plugboard", targets: ["plugboard"]),
        .library(name: "PlugboardServer", targets: ["PlugboardServer"]),
        // For the micro-benchmarks in Benchmarks/, a package of their own.
        .library(name: "PlugboardCore", targets: ["PlugboardCore"]),
        .library(name: "PlugboardStore", targets: ["PlugboardStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL.git", from: "4.3.0"),
        .package(url: "https://github.com/GraphQLSwift/Graphiti.git", from: "3.1.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh.git", from: "0.15.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        .target(
            name: "PlugboardCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PlugboardStore",
            dependencies: [
                "PlugboardCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PlugboardNetwork",
            dependencies: [
                "PlugboardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "PlugboardRuntime",
            dependencies: [
                "PlugboardCore", "PlugboardStore", "PlugboardNetwork",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ConnectorsHTTP",
            dependencies: [
                "PlugboardCore",
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ConnectorsDatabase",
            dependencies: [
                "PlugboardCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ConnectorsMessaging",
            dependencies: [
                "PlugboardCore", "ConnectorsHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // libcurl for FTP and FTPS: swift-nio-ssl cannot resume a TLS session, which FTPS data connections need.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(
            name: "ConnectorsFiles",
            dependencies: [
                "CCurl",
                "PlugboardCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ConnectorsQueues",
            dependencies: [
                "PlugboardCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Vendor APIs (CRM, productivity, documents, weather), each a declaration on the HTTP service client.
        .target(name: "ConnectorsSaaS", dependencies: ["PlugboardCore", "ConnectorsHTTP"]),
        .target(
            name: "ConnectorsEGov",
            dependencies: [
                "PlugboardCore", "ConnectorsHTTP", "ConnectorsSigning", .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(
            name: "ConnectorsSigning",
            dependencies: [
                "PlugboardCore", "ConnectorsHTTP",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "PlugboardServer",
            dependencies: [
                "ConnectorsQueues",
                "ConnectorsSaaS",
                "ConnectorsSigning",
                "ConnectorsEGov",
                "ConnectorsFiles",
                "PlugboardCore", "PlugboardStore", "PlugboardRuntime", "PlugboardNetwork", "ConnectorsHTTP", "ConnectorsDatabase",
                "ConnectorsMessaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "plugboard",
            dependencies: [
                "PlugboardServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "PlugboardTestSupport",
            dependencies: [
                "PlugboardCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "PlugboardAPITestSupport",
            dependencies: [
                "PlugboardServer", "PlugboardCore", "PlugboardTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "PlugboardCoreTests", dependencies: ["PlugboardCore", "PlugboardTestSupport"]),
        .testTarget(
            name: "PlugboardStoreTests",
            dependencies: ["PlugboardStore", "PlugboardRuntime", "PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport"]),
        .testTarget(name: "PlugboardRuntimeTests", dependencies: ["PlugboardRuntime", "PlugboardNetwork", "PlugboardTestSupport"]),
        .testTarget(name: "PlugboardNetworkTests", dependencies: ["PlugboardNetwork", "PlugboardTestSupport"]),
        .testTarget(
            name: "ConnectorsHTTPTests",
            dependencies: ["ConnectorsHTTP", "PlugboardNetwork", "PlugboardTestSupport", .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(
            name: "PlugboardEndToEndTests",
            dependencies: [
                "PlugboardCore", "PlugboardTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ConnectorsDatabaseTests", dependencies: ["ConnectorsDatabase", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "ConnectorsMessagingTests", dependencies: ["ConnectorsMessaging"]),
        .testTarget(name: "ConnectorsQueuesTests", dependencies: ["ConnectorsQueues", "PlugboardCore", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "ConnectorsFilesTests", dependencies: ["ConnectorsFiles", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(
            name: "PostgreSQLAPITests",
            dependencies: [
                "PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "PlugboardServerTests",
            dependencies: [
                "PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "PlugboardBrowserTests",
            dependencies: [
                "PlugboardCore", "PlugboardTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RESTAPITests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "GraphQLAPITests",
            dependencies: [
                "PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Graphiti", package: "Graphiti"), .product(name: "GraphQL", package: "GraphQL"),
            ]
        ),
        .testTarget(
            name: "SOAPAPITests",
            dependencies: ["ConnectorsHTTP", "PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "OpenAPIAPITests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "MCPServerTests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "SMTPNodeTests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "OracleNodeTests",
            dependencies: ["PlugboardServer", "ConnectorsDatabase", "PlugboardNetwork", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "SFTPNodeTests",
            dependencies: ["PlugboardServer", "ConnectorsFiles", "PlugboardNetwork", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "KafkaNodeTests",
            dependencies: [
                "PlugboardServer", "ConnectorsQueues", "PlugboardNetwork", "PlugboardTestSupport", "PlugboardAPITestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "RabbitMQNodeTests",
            dependencies: [
                "PlugboardServer", "ConnectorsQueues", "PlugboardNetwork", "PlugboardTestSupport", "PlugboardAPITestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "FTPNodeTests",
            dependencies: [
                "PlugboardServer", "ConnectorsFiles", "PlugboardNetwork", "PlugboardTestSupport", "PlugboardAPITestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "GoogleNodeTests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "SigningNodeTests",
            dependencies: [
                "PlugboardServer", "ConnectorsSigning", "ConnectorsHTTP", "PlugboardTestSupport", "PlugboardAPITestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Corpus")]
        ),
        .testTarget(
            name: "EGovNodeTests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "SaaSNodeTests",
            dependencies: [
                "PlugboardServer", "ConnectorsHTTP", "PlugboardTestSupport", "PlugboardAPITestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "MessagingNodeTests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "LLMNodeTests",
            dependencies: [
                "PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "MCPNodeTests",
            dependencies: ["PlugboardServer", "PlugboardTestSupport", "PlugboardAPITestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["Python"]
        ),
    ]
)
