extension String {
    /// Nothing but white space, the full-width space (U+3000) and line breaks included: a reason, a
    /// finding or a reference that says nothing, refused as if it were missing.
    public var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
