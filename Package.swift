// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "TalentLedger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "talentledger", targets: ["talentledger"]),
        .library(name: "TalentDomain", targets: ["TalentDomain"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "Postgres", targets: ["Postgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // glibc's allocator calls that Swift's Glibc module leaves out (`malloc_trim`).
        .systemLibrary(name: "CMalloc"),
        // The campaign's forms as files (.xlsx through libxlsxwriter, the work report as .docx and the
        // package as .zip through ZIPFoundation), from rows and figures the application gathers.
        .target(
            name: "Reports",
            dependencies: ["CXLSXWriter", "TalentDomain", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(name: "EmbedSchemaTool"),
        .plugin(name: "EmbedSchema", capability: .buildTool(), dependencies: ["EmbedSchemaTool"]),
        .target(
            name: "Schema",
            dependencies: ["Postgres"],
            plugins: ["EmbedSchema"]
        ),
        .target(
            name: "EventStore",
            dependencies: [
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "TalentDomain"),
        .target(
            name: "ReadModels",
            dependencies: [
                "EventStore",
                "Postgres",
                "Schema",
                "TalentDomain",
                .product(name: "Logging", package: "swift-log"),
                // An evaluation list saved as an .xlsx workbook is read from its zip.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The one entrance for every client: callers, access, commands, queries with masking, services.
        .target(
            name: "TalentApplication",
            dependencies: [
                "CMalloc",
                "ReadModels",
                "Reports",
                "EventStore",
                "Postgres",
                "Schema",
                "TalentDomain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The staff console: server-rendered pages under /console over the same application layer, with
        // its templates and stylesheet compiled in (nothing fetched at run time).
        .target(
            name: "TalentConsole",
            dependencies: [
                "TalentApplication",
                "EventStore",
                "ReadModels",
                "TalentDomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Assets"],
            plugins: ["EmbedSchema"]
        ),
        .target(
            name: "TalentServer",
            dependencies: [
                "TalentConsole",
                "TalentApplication",
                "ReadModels",
                "EventStore",
                "TalentDomain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedSchema"]
        ),
        .executableTarget(
            name: "talentledger",
            dependencies: [
                "TalentServer",
                "TalentApplication",
                "EventStore",
                "Postgres",
                "Schema",
                "TalentDomain",
                "ReadModels",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Test support: a throw-away PostgreSQL cluster per test run, a fresh database per suite.
        .target(
            name: "TalentLedgerTesting",
            dependencies: [
                "EventStore", "Postgres", "Schema", "TalentDomain", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: [
                "CLibPQ", "Postgres", "TalentLedgerTesting", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: [
                "EventStore", "Postgres", "Schema", "TalentLedgerTesting",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "TalentDomainTests",
            dependencies: [
                "TalentDomain",
                "TalentLedgerTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ReadModelsTests",
            dependencies: [
                // Workbooks made by hand, in the shapes other writers than Excel give them.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "ReadModels", "TalentApplication", "EventStore", "Postgres", "Schema", "TalentDomain",
                "TalentLedgerTesting",
            ]
        ),
        .testTarget(
            name: "TalentApplicationTests",
            dependencies: [
                "TalentApplication", "ReadModels", "Reports", "EventStore", "Postgres", "Schema", "TalentDomain",
                "TalentLedgerTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "TalentLedgerCLITests",
            dependencies: [
                "talentledger", "TalentApplication", "ReadModels", "Reports", "EventStore", "Postgres", "Schema",
                "TalentDomain", "TalentLedgerTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TalentServerTests",
            dependencies: [
                "TalentServer",
                "TalentConsole",
                "TalentApplication",
                "TalentDomain",
                "ReadModels",
                "EventStore",
                "Postgres",
                "TalentLedgerTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
