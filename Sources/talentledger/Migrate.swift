import ArgumentParser
import Schema

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply schema.sql to the database (safe to repeat).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = database.makeLogger("talentledger.migrate")
        // Opening a session for writing applies the schema when it changed.
        try await DatabaseSession.with(database, purpose: .create, logger: logger) { session in
            print(
                session.appliedSchema
                    ? "schema applied (version \(Schema.version))"
                    : "schema current (version \(Schema.version)): nothing to apply")
            let status = try await session.pool.withConnection { try await Schema.readModelStatus($0) }
            // Not the end of an upgrade when the read models are another release's: say what is.
            if status != .current { print(Schema.ReadModelsNotCurrent(status: status).description) }
        }
    }
}
