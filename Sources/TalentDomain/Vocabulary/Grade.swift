/// End-term assessment grade (考核等次, G1). No quota applies to any grade.
public enum Grade: String, Sendable, Hashable, Codable, CaseIterable {
    case excellent  // 优秀
    case good  // 良好
    case fair  // 一般
    case unqualified  // 不合格
}

extension Grade {
    /// 优秀, 良好, 一般, 不合格.
    public var chineseName: String {
        switch self {
        case .excellent: "优秀"
        case .good: "良好"
        case .fair: "一般"
        case .unqualified: "不合格"
        }
    }
}
