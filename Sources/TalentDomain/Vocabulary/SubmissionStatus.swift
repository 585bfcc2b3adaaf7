extension Submission.Status {
    /// How a submission's state is named, in refusals, on the console and in the documents alike.
    public var chineseName: String {
        switch self {
        case .notStarted: "未开始"
        case .submitted: "已报送"
        case .returned: "已退回"
        case .accepted: "已审核通过"
        }
    }
}
