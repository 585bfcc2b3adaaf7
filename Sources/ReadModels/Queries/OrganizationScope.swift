/// Which talents a question covers: every one in the province, or those whose reporting unit (O2) lies
/// in one of the given subtrees of the O1 tree (an organization and every organization under it).
///
/// The read side applies a scope in SQL so that pages, counts and filters never see past it; which
/// scope a caller gets is the application layer's decision.
public enum OrganizationScope: Sendable, Hashable {
    case province
    case subtrees([String])

    /// The subtree roots as a query parameter: nil for the whole province.
    var roots: [String]? {
        switch self {
        case .province: nil
        case .subtrees(let roots): roots
        }
    }
}
