/// W1: basic info collected (Attachment 1).
public struct BasicInfoCollected: TalentEventPayload {
    public static let typeName = "BasicInfoCollected"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var unit: UnitID
    public var info: BasicInfo
    public var event: TalentEvent { .basicInfoCollected(self) }
}

/// W2: mid-term survey submitted (Attachment 2).
public struct MidTermSurveySubmitted: TalentEventPayload {
    public static let typeName = "MidTermSurveySubmitted"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var items: MidTermSurveyItems
    public var event: TalentEvent { .midTermSurveySubmitted(self) }
}

/// W5: the survey was judged weak; reminder talk held and help measures set.
public struct MidTermJudgedWeak: TalentEventPayload {
    public static let typeName = "MidTermJudgedWeak"
    public var effectiveDate: Day
    public var campaignYear: Int
    /// Judgements recorded before the follow-up became a fact of its own carry it here; later ones have
    /// none (it is ``MidTermFollowUpRecorded``).
    public var responsiblePerson: String?
    public var reminderTalkOn: Day?
    public var helpMeasures: String?
    public var improveBy: Day?

    public init(
        effectiveDate: Day, campaignYear: Int, responsiblePerson: String? = nil, reminderTalkOn: Day? = nil,
        helpMeasures: String? = nil, improveBy: Day? = nil
    ) {
        self.effectiveDate = effectiveDate
        self.campaignYear = campaignYear
        self.responsiblePerson = responsiblePerson
        self.reminderTalkOn = reminderTalkOn
        self.helpMeasures = helpMeasures
        self.improveBy = improveBy
    }

    public var event: TalentEvent { .midTermJudgedWeak(self) }
}

/// W5: the follow-up of a weak mid-term survey: the responsible person, the reminder talk (提醒谈话) and
/// the help measures (帮扶措施) with their deadline to improve.
public struct MidTermFollowUpRecorded: TalentEventPayload {
    public static let typeName = "MidTermFollowUpRecorded"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var responsiblePerson: String
    public var reminderTalkOn: Day
    public var helpMeasures: String
    public var improveBy: Day
    public var event: TalentEvent { .midTermFollowUpRecorded(self) }
}

/// W3: end-term registration form handed in (Attachment 3).
public struct EndTermRegistered: TalentEventPayload {
    public static let typeName = "EndTermRegistered"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var event: TalentEvent { .endTermRegistered(self) }
}

/// G1/G6: the unit's leadership decided the grade collectively.
public struct EndTermGraded: TalentEventPayload {
    public static let typeName = "EndTermGraded"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var grade: Grade
    public var event: TalentEvent { .endTermGraded(self) }
}

/// G2: no grade while an investigation has no conclusion (暂不确定等次).
public struct EndTermGradePending: TalentEventPayload {
    public static let typeName = "EndTermGradePending"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var investigation: String
    public var event: TalentEvent { .endTermGradePending(self) }
}

/// G2: the investigation reached its conclusion; the grade can now be given.
public struct InvestigationConcluded: TalentEventPayload {
    public static let typeName = "InvestigationConcluded"
    public var effectiveDate: Day
    public var conclusion: String
    public var event: TalentEvent { .investigationConcluded(self) }
}

/// P1: publicity (公示) of an excellent result started; `earliestEnd` counts working days (P2).
public struct PublicityStarted: TalentEventPayload {
    public static let typeName = "PublicityStarted"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var minimumWorkingDays: Int
    public var earliestEnd: Day
    public var event: TalentEvent { .publicityStarted(self) }
}

/// P1: publicity ended after `workingDays` working days.
public struct PublicityEnded: TalentEventPayload {
    public static let typeName = "PublicityEnded"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var workingDays: Int
    public var event: TalentEvent { .publicityEnded(self) }
}

/// P3: an objection (异议) filed against a publicized or notified result.
public struct ObjectionFiled: TalentEventPayload {
    public static let typeName = "ObjectionFiled"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var objectionId: String
    public var summary: String
    public var event: TalentEvent { .objectionFiled(self) }
}

/// P3: the unit investigated the objection and recorded its response.
public struct ObjectionAnswered: TalentEventPayload {
    public static let typeName = "ObjectionAnswered"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var objectionId: String
    public var response: String
    public var event: TalentEvent { .objectionAnswered(self) }
}

/// G6: the result was notified to the talent in writing.
public struct ResultNotified: TalentEventPayload {
    public static let typeName = "ResultNotified"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var grade: Grade
    public var event: TalentEvent { .resultNotified(self) }
}

/// G6: the result is final; its consequences (G3–G5, M4) follow as derived events.
public struct EndTermResultConfirmed: TalentEventPayload {
    public static let typeName = "EndTermResultConfirmed"
    public var effectiveDate: Day
    public var campaignYear: Int
    public var grade: Grade
    public var event: TalentEvent { .endTermResultConfirmed(self) }
}
