import ArgumentParser

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply schema.sql to the database (safe to repeat).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = database.makeLogger("talentledger.migrate")
        // Opening a session applies the schema.
        try await DatabaseSession.with(database, logger: logger) { _ in
            print("schema applied")
        }
    }
}
