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
    /// The state's JSON text.
    public static func json(_ state: Talent) -> String {
        var members = Members()
        members.add("id", state.id.map { string($0.rawValue) })
        members.add("tier", state.tier.map { string($0.rawValue) })
        members.add("status", string(state.status.rawValue))
        members.add("unit", state.unit.map { string($0.rawValue) })
        members.add("reportingUnit", state.reportingUnit.map { string($0.rawValue) })
        members.add("professionalField", state.professionalField.map(string))
        members.add("period", state.period.map(period))
        members.add("evaluationCount", String(state.evaluationCount))
        members.add("evaluatedOn", state.evaluatedOn.map(day))
        members.add("flexibleAgreementEnd", state.flexibleAgreementEnd.map(day))
        members.add("isClassified", bool(state.isClassified))
        members.add("isRetired", bool(state.isRetired))
        members.add("rehire", state.rehire.map(rehire))
        members.add("postedToBranch", bool(state.postedToBranch))
        var campaigns = Members()
        for (year, record) in state.campaigns.sorted(by: { $0.key < $1.key }) {
            campaigns.add(String(year), campaign(record))
        }
        members.add("campaigns", campaigns.text)
        members.add("pendingReports", array(state.pendingReports.map(situation)))
        members.add("openRecommendation", state.openRecommendation.map(recommendation))
        members.add("pendingExitReports", array(state.pendingExitReports.map(exitReport)))
        members.add("entitlements", entitlements(state.entitlements))
        members.add("exit", state.exit.map(exit))
        members.add("lastDowngrade", state.lastDowngrade.map(downgrade))
        members.add("lostContactSince", state.lostContactSince.map(day))
        members.add("investigation", state.investigation.map(string))
        return members.text
    }

    /// An object's members in the order added; nil values are left out, as `encodeIfPresent` does.
    struct Members {
        private var body = ""

        mutating func add(_ name: String, _ value: String?) {
            guard let value else { return }
            if !body.isEmpty { body += "," }
            body += "\"" + name + "\":" + value
        }

        var text: String { "{" + body + "}" }
    }

    static func string(_ value: String) -> String { JSONText.quoted(value) }
    static func day(_ value: Day) -> String { "\"" + value.description + "\"" }
    static func bool(_ value: Bool) -> String { value ? "true" : "false" }
    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    static func period(_ period: ManagementPeriod) -> String {
        var members = Members()
        members.add("tier", string(period.tier.rawValue))
        members.add("start", day(period.start))
        members.add("source", period.source.map { string($0.rawValue) })
        members.add("basis", string(period.basis.rawValue))
        members.add("end", day(period.end))
        return members.text
    }

    static func rehire(_ agreement: Talent.RehireAgreement) -> String {
        var members = Members()
        members.add("reference", string(agreement.reference))
        members.add("sameField", bool(agreement.sameField))
        members.add("validUntil", agreement.validUntil.map(day))
        return members.text
    }

    static func campaign(_ record: CampaignRecord) -> String {
        var members = Members()
        members.add("basicInfo", record.basicInfo.map(basicInfo))
        members.add("survey", record.survey.map(survey))
        members.add("judgedWeakOn", record.judgedWeakOn.map(day))
        members.add("weakFollowUp", record.weakFollowUp.map(weakFollowUp))
        members.add("endTermRegisteredOn", record.endTermRegisteredOn.map(day))
        members.add("grade", record.grade.map { string($0.rawValue) })
        members.add("pendingInvestigation", record.pendingInvestigation.map(string))
        members.add("publicity", record.publicity.map(publicity))
        members.add("openObjections", array(record.openObjections.sorted().map(string)))
        members.add("answeredObjections", array(record.answeredObjections.sorted().map(string)))
        members.add("notifiedOn", record.notifiedOn.map(day))
        members.add("confirmedOn", record.confirmedOn.map(day))
        return members.text
    }

    static func basicInfo(_ info: BasicInfo) -> String {
        var members = Members()
        members.add("industry", string(info.industry))
        members.add("professionalField", string(info.professionalField))
        members.add("education", string(info.education))
        members.add("professionalTitle", string(info.professionalTitle))
        members.add("declaredSituations", array(info.declaredSituations.map { string($0.rawValue) }))
        return members.text
    }

    static func survey(_ items: MidTermSurveyItems) -> String {
        var members = Members()
        members.add("innovationAndEntrepreneurship", string(items.innovationAndEntrepreneurship))
        members.add("technicalBreakthroughs", string(items.technicalBreakthroughs))
        members.add("transferOfResults", string(items.transferOfResults))
        members.add("economicAndSocialBenefit", string(items.economicAndSocialBenefit))
        members.add("professionalLevel", string(items.professionalLevel))
        members.add("talentCultivation", string(items.talentCultivation))
        return members.text
    }

    static func weakFollowUp(_ followUp: CampaignRecord.WeakFollowUp) -> String {
        var members = Members()
        members.add("responsiblePerson", string(followUp.responsiblePerson))
        members.add("reminderTalkOn", day(followUp.reminderTalkOn))
        members.add("helpMeasures", string(followUp.helpMeasures))
        members.add("improveBy", day(followUp.improveBy))
        return members.text
    }

    static func publicity(_ publicity: CampaignRecord.Publicity) -> String {
        var members = Members()
        members.add("startedOn", day(publicity.startedOn))
        members.add("earliestEnd", day(publicity.earliestEnd))
        members.add("minimumWorkingDays", String(publicity.minimumWorkingDays))
        members.add("endedOn", publicity.endedOn.map(day))
        return members.text
    }

    static func situation(_ situation: ReportableSituation) -> String {
        var members = Members()
        members.add("kind", string(situation.kind.rawValue))
        members.add("rule", string(situation.rule.rawValue))
        members.add("occurredOn", day(situation.occurredOn))
        members.add("reportDue", day(situation.reportDue))
        return members.text
    }

    static func recommendation(_ recommendation: Talent.Recommendation) -> String {
        var members = Members()
        members.add("outcome", string(recommendation.outcome.rawValue))
        members.add("recommendedOn", day(recommendation.recommendedOn))
        members.add("situations", array(recommendation.situations.map(situation)))
        return members.text
    }

    static func exitReport(_ report: Talent.ExitReport) -> String {
        var members = Members()
        members.add("reason", string(report.reason.rawValue))
        members.add("occurredOn", day(report.occurredOn))
        members.add("reportedOn", day(report.reportedOn))
        members.add("reportDue", day(report.reportDue))
        members.add("withinDeadline", bool(report.withinDeadline))
        return members.text
    }

    static func entitlements(_ entitlements: Entitlements) -> String {
        func credential(_ credential: Credential) -> String {
            var members = Members()
            members.add("status", string(credential.status.rawValue))
            members.add("tier", credential.tier.map { string($0.rawValue) })
            return members.text
        }
        let subsidy = entitlements.housingSubsidy
        var housing = Members()
        housing.add("totalYuan", String(subsidy.totalYuan))
        housing.add("paidYuan", String(subsidy.paidYuan))
        housing.add("paidInstalments", array(subsidy.paidInstalments.map { String($0) }))
        housing.add("stopped", bool(subsidy.stopped))
        housing.add("withheldYuan", String(subsidy.withheldYuan))
        housing.add("grantedOn", subsidy.grantedOn.map(day))
        var members = Members()
        members.add("jixiangCard", string(entitlements.jixiangCard.rawValue))
        members.add("jijianCard", string(entitlements.jijianCard.rawValue))
        members.add("talentCode", credential(entitlements.talentCode))
        members.add("certificate", credential(entitlements.certificate))
        members.add("medicalService", bool(entitlements.medicalService))
        members.add("housingSubsidy", housing.text)
        return members.text
    }

    static func reapplication(_ reapplication: Reapplication) -> String {
        var members = Members()
        members.add("rule", string(reapplication.rule.rawValue))
        members.add("allowedFrom", reapplication.allowedFrom.map(day))
        return members.text
    }

    static func exit(_ exit: Talent.ExitRecord) -> String {
        var members = Members()
        members.add("reason", string(exit.reason.rawValue))
        members.add("on", day(exit.on))
        members.add("reapplication", reapplication(exit.reapplication))
        return members.text
    }

    static func downgrade(_ downgrade: Talent.DowngradeRecord) -> String {
        var members = Members()
        members.add("from", string(downgrade.from.rawValue))
        members.add("to", string(downgrade.to.rawValue))
        members.add("on", day(downgrade.on))
        members.add("reapplication", reapplication(downgrade.reapplication))
        return members.text
    }
}
