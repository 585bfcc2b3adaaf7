import ArgumentParser
import Schema

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply schema.sql to the database (safe to repeat).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = database.makeLogger("talentledger.migrate")
        // Opening a session for writing applies the schema when it changed.
        try await DatabaseSession.with(database, purpose: .create, logger: logger) { session in
            // An upgrade says from which revision it came: a release's notes name what each one changed.
            let from = session.appliedOverRevision.map { $0.map { "revision \($0) → " } ?? "" } ?? ""
            print(
                session.appliedSchema
                    ? "schema applied (\(from)revision \(Schema.revision), version \(Schema.version))"
                    : "schema current (revision \(Schema.revision), version \(Schema.version)): nothing to apply")
            let status = try await session.pool.withConnection { try await Schema.readModelStatus($0) }
            // Not the end of an upgrade when the read models are another release's: say what is.
            if status != .current { print(Schema.ReadModelsNotCurrent(status: status).description) }
        }
    }
}
