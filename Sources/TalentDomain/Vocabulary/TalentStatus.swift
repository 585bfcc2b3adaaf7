extension Talent.Status {
    /// As the console, the documents and the jobs' reports say it.
    public var chineseName: String {
        switch self {
        case .notEvaluated: "未认定"
        case .underManagement: "管理期内"
        case .pendingInvestigation: "暂不确定（调查中）"
        case .exited: "已退出管理"
        case .contactList: "联系名单"
        }
    }
}
