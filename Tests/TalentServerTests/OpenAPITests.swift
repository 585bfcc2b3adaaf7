import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import ReadModels
import TalentApplication
import TalentLedgerTesting
import Testing
import Yams

@testable import TalentServer

@Suite("openapi.yaml is the contract of the routes served")
struct OpenAPITests {
    /// `METHOD /path/{}` for every operation of the document (path parameters unnamed), read as YAML on
    /// its own, not through the server's reading of it.
    static func documented() throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: openAPIDocument) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: Set<String> = []
        for (path, item) in paths {
            for method in ["get", "post", "put", "delete", "patch"] where item[method] != nil {
                operations.insert("\(method.uppercased()) \(normalized(path))")
            }
        }
        return operations
    }

    static func normalized(_ path: String) -> String {
        path.split(separator: "/").map { part in
            part.hasPrefix(":") || part.hasPrefix("{") ? "{}" : String(part)
        }.reduce("") { $0 + "/" + $1 }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await TestDatabase.withStore(on: try ConnectionConfiguration(url: "postgres://nobody@127.0.0.1:1/none")) {
            store, _ in
            let router = buildRouter(register: TalentRegister(store: store, policy: try PolicyDirectory.load()))
            // The console's pages are for browsers, not part of the API's contract.
            let served = Set(
                router.routes.filter { !$0.path.description.hasPrefix("/console") }.map {
                    "\($0.method.rawValue) \(Self.normalized($0.path.description))"
                })
            let documented = try Self.documented()
            #expect(documented.count >= 12)
            #expect(served.subtracting(documented).isEmpty, "served but not documented")
            #expect(documented.subtracting(served).isEmpty, "documented but not served")
        }
    }

    /// The server takes from the document each operation's query parameters, its path's and the shared
    /// ones it refers to: what the contract middleware lets through.
    @Test func theServerReadsEachOperationsQueryParametersFromTheDocument() throws {
        let operations = DocumentedOperations.served.operations
        #expect(
            operations["/v1/talents"]?["GET"]?.isSuperset(of: ["q", "card", "cardStatus", "cursor", "limit"]) == true)
        #expect(operations["/v1/talents/{}"]?["GET"] == ["asOf", "knownAt"])
        #expect(operations["/v1/campaigns/{}/forms/{}"]?["GET"]?.contains("on") == true, "a shared parameter")
        #expect(operations["/v1/talents/{}/commands"]?["POST"] == ["dryRun"])
        #expect(operations.values.map(\.count).reduce(0, +) == (try Self.documented()).count)
    }

    /// A parameter the contract cannot read (a reference to nothing, a query parameter without a name)
    /// stops the document from being read, rather than being left out and refused at every request.
    @Test func aDocumentWithAParameterThatCannotBeReadIsNotRead() {
        func document(_ parameter: String) -> String {
            """
            paths:
              /v1/things:
                get:
                  parameters:
                    - \(parameter)
            components:
              parameters:
                On: {name: on, in: query}
            """
        }
        #expect(
            (try? DocumentedOperations(document: document("$ref: '#/components/parameters/On'")))?.operations
                == ["/v1/things": ["GET": ["on"]]])
        let missing = #expect(throws: DocumentedOperations.UnreadableParameter.self) {
            try DocumentedOperations(document: document("$ref: '#/components/parameters/Off'"))
        }
        #expect(missing?.description == "GET /v1/things: no parameter #/components/parameters/Off")
        #expect(throws: DocumentedOperations.UnreadableParameter.self) {
            try DocumentedOperations(document: document("{in: query}"))
        }
    }

    /// Every operation that takes a body answers 413 beyond its limit and 415 for another media type, and
    /// any /v1 operation 400 (a query parameter it does not take): the document says so for each.
    @Test func everyOperationDocumentsTheProblemsEveryRouteCanAnswer() {
        var operation: String?
        var takesBody = false
        var codes: Set<String> = []
        var missing: [String] = []
        func close() {
            guard let operation else { return }
            if takesBody, !codes.isSuperset(of: ["413", "415"]) { missing.append("\(operation): 413, 415") }
            if operation.contains(" /v1/"), !codes.contains("400") { missing.append("\(operation): 400") }
        }
        var path = ""
        for line in openAPIDocument.split(separator: "\n").drop(while: { $0 != "paths:" }).dropFirst() {
            if !line.hasPrefix(" ") { break }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                close()
                operation = "\(line.dropFirst(4).dropLast().uppercased()) \(path)"
                (takesBody, codes) = (false, [])
            } else if line == "      requestBody:" {
                takesBody = true
            } else if line.hasPrefix("        '"), line.count > 12 {
                codes.insert(String(line.dropFirst(9).prefix(3)))
            }
        }
        close()
        #expect(missing.isEmpty, "\(missing)")
    }

    /// The document's words are the notice's and the rules': 安家补贴 (C2), a unit may recommend no change
    /// (D3), and a talent's answer as of a day keeps its current row beside the day's state.
    @Test func theDocumentSaysWhatTheRulesSay() {
        #expect(!openAPIDocument.contains("住房补贴"))
        #expect(openAPIDocument.contains("housing subsidy (安家补贴)"))
        #expect(!openAPIDocument.contains("noAction only the province may decide"))
        #expect(openAPIDocument.contains("the unit may recommend any of them"))
        #expect(openAPIDocument.contains("`talent` is always the register's current row"))
    }

    /// The list's `progress` values are those the roster writes, each listed (a value outside them is 400):
    /// an open pattern let a typo filter to an empty page. The roster's answer lists them too.
    @Test func theListsProgressValuesAreTheRostersOwn() throws {
        let document = try #require(try Yams.load(yaml: openAPIDocument) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let list = try #require(paths["/v1/talents"]?["get"] as? [String: Any])
        let parameters = try #require(list["parameters"] as? [[String: Any]])
        let progress = try #require(parameters.first { $0["name"] as? String == "progress" })
        let values = try #require((progress["schema"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(values) == Set(RosterEntry.progressValues))
        #expect(values.count == RosterEntry.progressValues.count)
        // The roster's answer types them again (WorkItemProgress): the same values.
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let answered = try #require((schemas?["WorkItemProgress"] as? [String: Any])?["enum"] as? [String])
        #expect(answered == values)
    }

    @Test func theDocumentIsServed() async throws {
        try await TestDatabase.withStore(on: try ConnectionConfiguration(url: "postgres://nobody@127.0.0.1:1/none")) {
            store, _ in
            let app = Application(
                router: buildRouter(register: TalentRegister(store: store, policy: try PolicyDirectory.load())))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/openapi.yaml", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == openAPIDocument)
                    #expect(openAPIDocument.hasPrefix("openapi: 3.1"))
                }
            }
        }
    }
}
