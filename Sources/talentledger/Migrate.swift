import ArgumentParser
import Schema

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply schema.sql to the database (safe to repeat).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = database.makeLogger("talentledger.migrate")
        // Opening a session for writing applies the schema when it changed.
        try await DatabaseSession.with(database, purpose: .write, logger: logger) { _ in
            print("schema current (version \(Schema.version))")
        }
    }
}
