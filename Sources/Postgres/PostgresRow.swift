import Foundation

/// The rows of one result, copied out of libpq so the result can be freed at once.
public struct PostgresRows: Sendable, Sequence {
    public let columns: [String]
    let values: [[String?]]
    /// The number of rows the statement touched (for INSERT/UPDATE/DELETE/COPY).
    public let affectedRows: Int

    public var count: Int { values.count }
    public var first: PostgresRow? { values.isEmpty ? nil : self[0] }

    public subscript(index: Int) -> PostgresRow {
        PostgresRow(columns: columns, values: values[index])
    }

    public func makeIterator() -> some IteratorProtocol<PostgresRow> {
        let columns = self.columns
        return values.lazy.map { PostgresRow(columns: columns, values: $0) }.makeIterator()
    }
}

/// One row; columns are read by position or name and decoded into a Swift type.
public struct PostgresRow: Sendable {
    public let columns: [String]
    let values: [String?]

    /// The raw text of a column, `nil` for NULL.
    public func text(_ index: Int) -> String? { values[index] }

    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard index < values.count else {
            throw PostgresError(.decoding, "column \(index) is out of range (\(values.count) columns)")
        }
        guard let text = values[index] else {
            throw PostgresError(.decoding, "column \(columns[index]) is NULL, expected \(T.self)")
        }
        return try T(postgresText: text)
    }

    // Defaulted like the non-optional form, so that `decode(at:)` where an optional is expected reads
    // NULL as nil instead of failing on it (the compiler prefers this exact match to an optional promotion).
    public func decode<T: PostgresDecodable>(_ type: T?.Type = T?.self, at index: Int) throws -> T? {
        guard index < values.count else {
            throw PostgresError(.decoding, "column \(index) is out of range (\(values.count) columns)")
        }
        return try values[index].map { try T(postgresText: $0) }
    }

    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T {
        try decode(type, at: try index(of: name))
    }

    public func decode<T: PostgresDecodable>(_ type: T?.Type, column name: String) throws -> T? {
        try decode(type, at: try index(of: name))
    }

    /// Decodes a `json`/`jsonb` column into a `Decodable` value.
    public func decodeJSON<T: Decodable>(_ type: T.Type, column name: String, decoder: JSONDecoder = JSONDecoder())
        throws -> T
    {
        let json: PostgresJSON = try decode(column: name)
        do {
            return try decoder.decode(T.self, from: Data(json.text.utf8))
        } catch {
            throw PostgresError(.decoding, "column \(name) does not hold a \(T.self): \(error)")
        }
    }

    func index(of name: String) throws -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw PostgresError(.decoding, "no column named \(name) (have \(columns.joined(separator: ", ")))")
        }
        return index
    }
}
