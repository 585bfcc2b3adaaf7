/// P1–P3: publicity (公示) of excellent results and objections (异议) to any result.
extension Decision {
    /// P1: only publicized grades go up, never for classified personnel, for at least N working days.
    func startPublicity(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard let grade = record.grade else { throw Refusal(.G1, "no grade to publicize for campaign \(year)") }
        guard policy.publicity.publicizedGrades.contains(grade) else {
            throw Refusal(.P1, "a \(grade.rawValue) result is not publicized; only excellent results are")
        }
        guard !state.isClassified else {
            throw Refusal(.T4, "classified personnel (涉密人员) are exempt from publicity (P1)")
        }
        guard record.publicity == nil else { throw Refusal(.P1, "publicity of campaign \(year) already started") }
        let days = try campaign(year).publicityMinimumWorkingDays
        let end = try calendar { (c) throws(CalendarError) in try c.endOfWorkingDays(days, startingOn: date) }
        return [
            PublicityStarted(effectiveDate: date, campaignYear: year, minimumWorkingDays: days, earliestEnd: end).event
        ]
    }

    func endPublicity(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = state.campaign(year)
        guard let publicity = record.publicity, publicity.endedOn == nil else {
            throw Refusal(.P1, "no publicity of campaign \(year) is running")
        }
        let held = try calendar { (c) throws(CalendarError) in
            try c.workingDays(between: publicity.startedOn, and: date)
        }
        let minimum = publicity.minimumWorkingDays
        guard held >= minimum else {
            throw Refusal(
                .P1,
                "publicity has run \(held) working days, at least \(minimum) needed (earliest end \(publicity.earliestEnd))"
            )
        }
        return [PublicityEnded(effectiveDate: date, campaignYear: year, workingDays: held).event]
    }

    func fileObjection(_ year: Int, _ id: String, _ summary: String) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard record.grade != nil else { throw Refusal(.P3, "no result of campaign \(year) to object to") }
        guard !record.openObjections.contains(id), !record.answeredObjections.contains(id) else {
            throw Refusal(.P3, "objection \(id) already exists")
        }
        return [ObjectionFiled(effectiveDate: date, campaignYear: year, objectionId: id, summary: summary).event]
    }

    func answerObjection(_ year: Int, _ id: String, _ response: String) throws(Refusal) -> [TalentEvent] {
        guard state.campaign(year).openObjections.contains(id) else {
            throw Refusal(.P3, "no open objection \(id) in campaign \(year)")
        }
        guard !response.isEmpty else { throw Refusal(.P3, "the unit must record its response to the objection") }
        return [ObjectionAnswered(effectiveDate: date, campaignYear: year, objectionId: id, response: response).event]
    }
}
