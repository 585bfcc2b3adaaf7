/// P1–P3: publicity (公示) of excellent results and objections (异议) to any result.
extension Decision {
    /// P1: only publicized grades go up, never for classified personnel, for at least N working days.
    func startPublicity(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard let grade = record.grade else { throw Refusal(.G1, "\(year)年度尚无考核等次，无可公示") }
        guard policy.publicity.publicizedGrades.contains(grade) else {
            throw Refusal(.P1, "考核结果为\(grade.chineseName)，不予公示；只对优秀等次公示")
        }
        guard !state.isClassified else {
            throw Refusal(.T4, "涉密人员免予公示（P1）")
        }
        guard record.publicity == nil else { throw Refusal(.P1, "\(year)年度考核结果已开始公示") }
        try requireNotBefore(record.gradedOn, .P1, "确定考核等次之日")
        let days = try campaign(year, for: .P1).publicityMinimumWorkingDays
        let end = try calendar { (c) throws(CalendarError) in try c.endOfWorkingDays(days, startingOn: date) }
        return [
            PublicityStarted(effectiveDate: date, campaignYear: year, minimumWorkingDays: days, earliestEnd: end).event
        ]
    }

    func endPublicity(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = state.campaign(year)
        guard let publicity = record.publicity, publicity.endedOn == nil else {
            throw Refusal(.P1, "\(year)年度没有正在进行的公示")
        }
        let held = try calendar { (c) throws(CalendarError) in
            try c.workingDays(between: publicity.startedOn, and: date)
        }
        let minimum = publicity.minimumWorkingDays
        guard held >= minimum else {
            throw Refusal(
                .P1,
                "公示已进行\(held)个工作日，公示期不少于\(minimum)个工作日（最早于\(publicity.earliestEnd)结束）"
            )
        }
        return [PublicityEnded(effectiveDate: date, campaignYear: year, workingDays: held).event]
    }

    /// P3: §4(4) "对公示结果或考核结果有异议的，用人单位应及时调查核实并反馈处理意见": an objection to the
    /// publicized result or to the result itself, so also once the result is final (G6): it is recorded and
    /// answered, and the final result stands (no step of the notice changes it).
    func fileObjection(_ year: Int, _ id: String, _ summary: String) throws(Refusal) -> [TalentEvent] {
        _ = try campaign(year, for: .P3)
        let record = state.campaign(year)
        guard record.grade != nil else { throw Refusal(.P3, "\(year)年度尚无考核结果，无从提出异议") }
        // The number is what the answer names: a blank one could never be answered.
        guard !id.isBlank else { throw Refusal(.P3, "须填写异议编号", field: "objectionId") }
        try requireNotBefore(record.gradedOn, .P3, "确定考核等次之日")
        guard !record.openObjections.contains(id), !record.answeredObjections.contains(id) else {
            throw Refusal(.P3, "异议\(id)已经登记", field: "objectionId")
        }
        return [ObjectionFiled(effectiveDate: date, campaignYear: year, objectionId: id, summary: summary).event]
    }

    func answerObjection(_ year: Int, _ id: String, _ response: String) throws(Refusal) -> [TalentEvent] {
        guard state.campaign(year).openObjections.contains(id) else {
            throw Refusal(.P3, "\(year)年度没有待答复的异议\(id)", field: "objectionId")
        }
        guard !response.isBlank else { throw Refusal(.P3, "须填写用人单位对异议的处理意见", field: "response") }
        try requireNotBefore(state.campaign(year).objectionsFiledOn?[id], .P3, "异议\(id)提出之日")
        return [ObjectionAnswered(effectiveDate: date, campaignYear: year, objectionId: id, response: response).event]
    }
}
