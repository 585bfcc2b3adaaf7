extension String {
    /// Nothing but white space (the full-width space U+3000 and line breaks included) and characters that
    /// print as nothing (a zero-width space, a byte-order mark, a word joiner): a reason, a finding or a
    /// reference that says nothing, refused as if it were missing.
    public var isBlank: Bool {
        unicodeScalars.allSatisfy {
            $0.properties.isWhitespace || $0.properties.isDefaultIgnorableCodePoint
                || $0.properties.generalCategory == .format
        }
    }
}
