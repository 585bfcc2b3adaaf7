import EventStore
import Foundation
import TalentDomain

/// A talent's current state as the API answers it, kept in the talent's row (`talents.state_json`): a read
/// of the current state then costs the row alone, not a read, a decoding and a fold of the whole stream.
///
/// Written by hand, member by member as `Talent`'s `Codable` encodes it (absent optionals left out, days
/// as `YYYY-MM-DD`, campaigns keyed by year): every row written (the import's projection, a rebuild, each
/// command) encodes one, and `JSONEncoder` was twice the cost of deriving all the other rows of a talent.
/// Members come in a fixed order, sets and campaigns sorted, so that a state encodes to the same text in
/// every process: `projections check` compares the kept text with a fresh derivation's. A test compares the
/// text with `JSONEncoder`'s, value for value, over histories that fill every member.
public enum CurrentState {
    /// The state a row keeps, read back with the payload reader: nil for text this build cannot read (a
    /// row written by another build), whose talent is then decided on its history.
    public static func state(_ json: String) -> Talent? {
        try? PayloadDecoder().decode(Talent.self, from: Data(json.utf8))
    }

    /// The state's JSON text.
    public static func json(_ state: Talent) -> String {
        var members = JSONObject()
        members.add("id", string: state.id?.rawValue)
        members.add("tier", string: state.tier?.rawValue)
        members.add("status", string: state.status.rawValue)
        members.add("unit", string: state.unit?.rawValue)
        members.add("reportingUnit", string: state.reportingUnit?.rawValue)
        members.add("professionalField", string: state.professionalField)
        members.add("period", state.period.map(period))
        members.add("managedSince", day: state.managedSince)
        members.add("evaluationCount", integer: state.evaluationCount)
        members.add("evaluatedOn", day: state.evaluatedOn)
        members.add("evaluatedTier", string: state.evaluatedTier?.rawValue)
        members.add("evaluatedUnit", string: state.evaluatedUnit?.rawValue)
        members.add("evaluatedAgreementEnd", day: state.evaluatedAgreementEnd)
        members.add("flexibleAgreementEnd", day: state.flexibleAgreementEnd)
        members.add("isClassified", bool: state.isClassified)
        members.add("isRetired", bool: state.isRetired)
        members.add("retiredOn", day: state.retiredOn)
        members.add("diedOn", day: state.diedOn)
        members.add("qualificationRevokedOn", day: state.qualificationRevokedOn)
        members.add("rehire", state.rehire.map(rehire))
        members.add("postedToBranch", bool: state.postedToBranch)
        var campaigns = JSONObject()
        for (year, record) in state.campaigns.sorted(by: { $0.key < $1.key }) {
            campaigns.add(String(year), campaign(record))
        }
        members.add("campaigns", campaigns.text)
        members.add("pendingReports", array: state.pendingReports.map(situation))
        members.add("openRecommendation", state.openRecommendation.map(recommendation))
        members.add("pendingExitReports", array: state.pendingExitReports.map(exitReport))
        members.add("entitlements", entitlements(state.entitlements))
        members.add("exit", state.exit.map(exit))
        members.add("exits", array: state.exits.map(exit))
        members.add("lastDowngrade", state.lastDowngrade.map(downgrade))
        members.add("downgrades", array: state.downgrades.map(downgrade))
        members.add("lostContactSince", day: state.lostContactSince)
        members.add("contactRestoredOn", day: state.contactRestoredOn)
        members.add("investigation", string: state.investigation)
        members.add("investigationStartedOn", day: state.investigationStartedOn)
        members.add("servicesSuspendedOn", day: state.servicesSuspendedOn)
        return members.text
    }

    static func period(_ period: ManagementPeriod) -> String {
        var members = JSONObject()
        members.add("tier", string: period.tier.rawValue)
        members.add("start", day: period.start)
        members.add("source", string: period.source?.rawValue)
        members.add("basis", string: period.basis.rawValue)
        members.add("end", day: period.end)
        return members.text
    }

    static func rehire(_ agreement: Talent.RehireAgreement) -> String {
        var members = JSONObject()
        members.add("reference", string: agreement.reference)
        members.add("sameField", bool: agreement.sameField)
        members.add("inProvince", bool: agreement.inProvince)
        members.add("validUntil", day: agreement.validUntil)
        members.add("since", day: agreement.since)
        return members.text
    }

    static func campaign(_ record: CampaignRecord) -> String {
        var members = JSONObject()
        members.add("basicInfo", record.basicInfo.map(basicInfo))
        members.add("survey", record.survey.map(survey))
        members.add("judgedWeakOn", day: record.judgedWeakOn)
        members.add("weakFollowUp", record.weakFollowUp.map(weakFollowUp))
        members.add("endTermRegisteredOn", day: record.endTermRegisteredOn)
        members.add("grade", string: record.grade?.rawValue)
        members.add("pendingInvestigation", string: record.pendingInvestigation)
        members.add("publicity", record.publicity.map(publicity))
        members.add("openObjections", strings: record.openObjections.sorted())
        members.add("answeredObjections", strings: record.answeredObjections.sorted())
        members.add("notifiedOn", day: record.notifiedOn)
        members.add("confirmedOn", day: record.confirmedOn)
        members.add("gradedOn", day: record.gradedOn)
        members.add("gradedTier", string: record.gradedTier?.rawValue)
        members.add("lastObjectionOn", day: record.lastObjectionOn)
        members.add("objectionsFiledOn", record.objectionsFiledOn.map(days))
        return members.text
    }

    /// Days keyed by name, in the names' order.
    static func days(_ days: [String: Day]) -> String {
        var members = JSONObject()
        for (name, day) in days.sorted(by: { $0.key < $1.key }) { members.add(name, day: day) }
        return members.text
    }

    static func basicInfo(_ info: BasicInfo) -> String {
        var members = JSONObject()
        members.add("industry", string: info.industry)
        members.add("professionalField", string: info.professionalField)
        members.add("education", string: info.education)
        members.add("professionalTitle", string: info.professionalTitle)
        members.add("declaredSituations", strings: info.declaredSituations.map(\.rawValue))
        return members.text
    }

    static func survey(_ items: MidTermSurveyItems) -> String {
        var members = JSONObject()
        members.add("innovationAndEntrepreneurship", string: items.innovationAndEntrepreneurship)
        members.add("technicalBreakthroughs", string: items.technicalBreakthroughs)
        members.add("transferOfResults", string: items.transferOfResults)
        members.add("economicAndSocialBenefit", string: items.economicAndSocialBenefit)
        members.add("professionalLevel", string: items.professionalLevel)
        members.add("talentCultivation", string: items.talentCultivation)
        return members.text
    }

    static func weakFollowUp(_ followUp: CampaignRecord.WeakFollowUp) -> String {
        var members = JSONObject()
        members.add("responsiblePerson", string: followUp.responsiblePerson)
        members.add("reminderTalkOn", day: followUp.reminderTalkOn)
        members.add("helpMeasures", string: followUp.helpMeasures)
        members.add("improveBy", day: followUp.improveBy)
        return members.text
    }

    static func publicity(_ publicity: CampaignRecord.Publicity) -> String {
        var members = JSONObject()
        members.add("startedOn", day: publicity.startedOn)
        members.add("earliestEnd", day: publicity.earliestEnd)
        members.add("minimumWorkingDays", integer: publicity.minimumWorkingDays)
        members.add("endedOn", day: publicity.endedOn)
        return members.text
    }

    static func situation(_ situation: ReportableSituation) -> String {
        var members = JSONObject()
        members.add("kind", string: situation.kind.rawValue)
        members.add("rule", string: situation.rule.rawValue)
        members.add("occurredOn", day: situation.occurredOn)
        members.add("reportDue", day: situation.reportDue)
        return members.text
    }

    static func recommendation(_ recommendation: Talent.Recommendation) -> String {
        var members = JSONObject()
        members.add("outcome", string: recommendation.outcome.rawValue)
        members.add("recommendedOn", day: recommendation.recommendedOn)
        members.add("situations", array: recommendation.situations.map(situation))
        return members.text
    }

    static func exitReport(_ report: Talent.ExitReport) -> String {
        var members = JSONObject()
        members.add("reason", string: report.reason.rawValue)
        members.add("occurredOn", day: report.occurredOn)
        members.add("reportedOn", day: report.reportedOn)
        members.add("reportDue", day: report.reportDue)
        members.add("withinDeadline", bool: report.withinDeadline)
        return members.text
    }

    static func entitlements(_ entitlements: Entitlements) -> String {
        func credential(_ credential: Credential) -> String {
            var members = JSONObject()
            members.add("status", string: credential.status.rawValue)
            members.add("tier", string: credential.tier?.rawValue)
            return members.text
        }
        let subsidy = entitlements.housingSubsidy
        var housing = JSONObject()
        housing.add("totalYuan", integer: subsidy.totalYuan)
        housing.add("paidYuan", integer: subsidy.paidYuan)
        housing.add("paidInstalments", array: subsidy.paidInstalments.map { String($0) })
        housing.add("stopped", bool: subsidy.stopped)
        housing.add("withheldYuan", integer: subsidy.withheldYuan)
        housing.add("grantedOn", day: subsidy.grantedOn)
        housing.add("stoppedOn", day: subsidy.stoppedOn)
        housing.add("instalmentBaseYuan", integer: subsidy.instalmentBaseYuan)
        var members = JSONObject()
        members.add("jixiangCard", string: entitlements.jixiangCard.rawValue)
        members.add("jijianCard", string: entitlements.jijianCard.rawValue)
        members.add("talentCode", credential(entitlements.talentCode))
        members.add("certificate", credential(entitlements.certificate))
        members.add("medicalService", bool: entitlements.medicalService)
        members.add("medicalServicePaused", bool: entitlements.medicalServicePaused)
        members.add("housingSubsidy", housing.text)
        return members.text
    }

    static func reapplication(_ reapplication: Reapplication) -> String {
        var members = JSONObject()
        members.add("rule", string: reapplication.rule.rawValue)
        members.add("allowedFrom", day: reapplication.allowedFrom)
        return members.text
    }

    static func exit(_ exit: Talent.ExitRecord) -> String {
        var members = JSONObject()
        members.add("reason", string: exit.reason.rawValue)
        members.add("on", day: exit.on)
        members.add("reapplication", reapplication(exit.reapplication))
        return members.text
    }

    static func downgrade(_ downgrade: Talent.DowngradeRecord) -> String {
        var members = JSONObject()
        members.add("from", string: downgrade.from.rawValue)
        members.add("to", string: downgrade.to.rawValue)
        members.add("on", day: downgrade.on)
        members.add("reapplication", reapplication(downgrade.reapplication))
        return members.text
    }
}
