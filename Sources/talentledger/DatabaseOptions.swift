import ArgumentParser
import Foundation
import Logging
import Postgres

/// Where the database is: a URL, or the embedded cluster in the state folder.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help:
            "PostgreSQL URL (postgres://user:password@host:port/database); default: $DATABASE_URL, else the embedded cluster."
    )
    var databaseURL: String?

    @Option(
        name: .customLong("state-dir"),
        help: "Folder of the embedded cluster (default: $TALENTLEDGER_STATE_DIR or ./.talentledger).")
    var stateDirectory: String?

    // No default value: the parser would print it after the help ("(default: info)"), and it would be
    // $LOG_LEVEL's value, not the default, whenever that is set.
    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL, else info).")
    var logLevelOption: String?

    /// The level asked for: the option, else `LOG_LEVEL`, else info.
    var logLevel: String { logLevelOption ?? ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info" }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if stateDirectory?.isEmpty == true {
            throw ValidationError("--state-dir names a folder (an empty one would be the working folder)")
        }
        if let url = resolvedURL {
            do {
                _ = try ConnectionConfiguration(url: url)
            } catch let error as PostgresError {
                throw ValidationError(error.message)
            }
        }
    }

    var resolvedURL: String? {
        databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    var resolvedStateDirectory: URL {
        Self.stateDirectory(given: stateDirectory, environment: ProcessInfo.processInfo.environment)
    }

    /// `--state-dir`, else `TALENTLEDGER_STATE_DIR`, else `./.talentledger`. An empty variable (a line
    /// `TALENTLEDGER_STATE_DIR=` in an environment file) is unset, as an empty `DATABASE_URL` is: never the
    /// working folder.
    static func stateDirectory(given: String?, environment: [String: String]) -> URL {
        let path = given ?? environment["TALENTLEDGER_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".talentledger"
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    func makeLogger(_ label: String) -> Logger {
        LoggingSystem.bootstrapOnce()
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}

extension LoggingSystem {
    private static let bootstrapped: Void = LoggingSystem.bootstrap(StreamLogHandler.standardError)

    /// Logs go to standard error, leaving standard output to command results.
    static func bootstrapOnce() { _ = bootstrapped }
}
