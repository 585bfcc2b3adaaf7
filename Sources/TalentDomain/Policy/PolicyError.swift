/// Why a policy document was rejected: which document, where in it, and what is wrong.
public enum PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(document: String, path: String, detail: String)
    case invalid(document: String, field: String, reason: String)
    case missingCampaignYear(Int)

    public var description: String {
        switch self {
        case .malformed(let document, let path, let detail):
            return "policy \(document): cannot read \(path.isEmpty ? "document" : path): \(detail)"
        case .invalid(let document, let field, let reason):
            return "policy \(document): \(field): \(reason)"
        case .missingCampaignYear(let year): return "no campaign can be derived for year \(year)"
        }
    }
}
