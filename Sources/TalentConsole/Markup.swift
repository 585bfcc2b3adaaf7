/// Markup the console draws in Swift rather than through a template (the charts, the timeline's rows),
/// where a template's per-value lookups cost more than the page can afford.
enum Markup {
    /// `text` for HTML or SVG markup: `&`, `<`, `>` and `"` as entities. One pass over the UTF-8 (four
    /// `replacingOccurrences` through Foundation's string search were a fifth of an overview's time).
    static func escaped(_ text: String) -> String {
        func entity(_ byte: UInt8) -> String? {
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            default: nil
            }
        }
        guard text.utf8.contains(where: { entity($0) != nil }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let entity = entity(byte) { bytes += entity.utf8 } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
