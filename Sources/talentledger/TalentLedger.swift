import ArgumentParser
import Schema
import TalentApplication

/// The one executable: serve, migrate, verify (and, as they arrive, import, demo, jobs, export, bench).
@main
struct TalentLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talentledger",
        abstract: "The register of Jilin's high-level talents (tiers A–E), on an event store in PostgreSQL.",
        discussion: """
            With no --database-url (or DATABASE_URL), a private PostgreSQL cluster is started from the \
            system's PostgreSQL under the state folder and stopped on exit.
            """,
        // What an operator compares with a database and with the release notes: the schema this binary
        // applies and the read models it derives (`talentledger --version`).
        version:
            "schema \(Schema.version) (revision \(Schema.revision)), read models revision \(Schema.readModelRevision)",
        subcommands: [
            Serve.self, Migrate.self, Verify.self, AuditGroup.self, OrganizationsGroup.self, UsersGroup.self,
            TalentGroup.self,
            ProjectionsGroup.self, SubmissionsGroup.self, JobsGroup.self, Export.self, Demo.self,
            Import.self, Backup.self, Restore.self, Bench.self,
        ],
        defaultSubcommand: Serve.self
    )

    /// ArgumentParser's own main, except that a command interrupted by Ctrl-C does not report the failures
    /// its interruption causes (connections cut as the cluster stops): ``Interruption`` ends the process.
    static func main() async {
        var failure: (any Error)?
        do {
            if let unknown = unknownCommand(in: Array(CommandLine.arguments.dropFirst())) { throw unknown }
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            failure = error
        }
        // After a signal, ended well or not, the interruption's cleanups are running and end the process.
        if Interruption.happened { await Interruption.waitForTheEnd() }
        if let failure { exit(withError: explained(failure)) }
    }

    /// A first word that names no command: refused as one, with the commands, rather than taken as the
    /// default command's argument ("Unexpected argument" under the server's usage, for a misspelt `verfiy`).
    /// An option first (`--port 8090`) is the server's, as the default command's.
    /// The same one level down: `users ad` names no command of `users` (a group whose every word is one of
    /// its commands).
    static func unknownCommand(in arguments: [String]) -> ValidationError? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        guard let group = configuration.subcommands.first(where: { $0._commandName == first }) else {
            guard first != "help" else { return nil }
            return ValidationError("no command '\(first)': the commands are \(names.joined(separator: ", "))")
        }
        let inner = group.configuration.subcommands.map { $0._commandName }
        guard !inner.isEmpty, group.configuration.defaultSubcommand == nil, arguments.count > 1 else { return nil }
        let second = arguments[1]
        guard !second.hasPrefix("-"), !inner.contains(second), second != "help" else { return nil }
        return ValidationError(
            "no command '\(first) \(second)': the commands of \(first) are \(inner.joined(separator: ", "))")
    }

    /// A failure as an operator can act on it: a full disk (SQLSTATE 53100, which the database's own message
    /// names as a file it could not extend) says what happened to the command's writes and what to do; so
    /// does a database that refuses the role's writes (read-only, or a right not granted).
    static func explained(_ failure: any Error) -> any Error {
        guard Availability.isDatabaseUnavailable(failure) else { return failure }
        switch Availability.reason(failure) {
        case .refusesWrites:
            return CLIFailure(
                "the database refused the command (\(failure)): nothing it was writing is recorded. The database is "
                    + "read-only (a standby, or default_transaction_read_only), or the role the command connects as "
                    + "lacks a right: the README's \"A database of your own\" lists what each command needs.")
        case .diskFull:
            return CLIFailure(
                "the database's disk is full: the statement was refused and its transaction rolled back, so what it "
                    + "was writing is not recorded (a job keeps the batches it finished, and a run again resumes after "
                    + "them). Make room on the disk that holds the database (the embedded cluster's is the state "
                    + "folder's), then run the command again. (\(failure))")
        case .notAnswering, .busy, .outOfResources:
            return failure
        }
    }
}
