import PropertyBased
import Testing

@testable import TalentDomain

/// Random command sequences: whatever `decide` accepts, `evolve` folds, and the invariants hold.
@Suite("Properties")
struct PropertyTests {
    static let kinds = 27

    /// A refusal's reason is for the officers who read the notice: Chinese, with no English sentence left
    /// in it (ids, days and field paths are fine), and no closing 。 (the console adds its own).
    static func readsInTheNoticesWords(_ reason: String) -> Bool {
        reason.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
            && !reason.contains(#/[A-Za-z]+ [A-Za-z]+/#) && !reason.hasSuffix("。")
    }

    /// A command chosen by `value`, shaped by the current state so that many are accepted.
    static func command(_ value: Int, step: Int, state: Talent, on date: Day) -> TalentCommand {
        let parameter = value / kinds
        let grade = Grade.allCases[parameter % Grade.allCases.count]
        switch value % kinds {
        case 0: return nextEndTermStep(state, grade: grade)
        case 1: return .grade(campaign: 2025, grade: grade, decidedCollectively: parameter % 7 != 0)
        case 2: return .startPublicity(campaign: 2025)
        case 3: return parameter % 2 == 0 ? .endPublicity(campaign: 2025) : nextEndTermStep(state, grade: grade)
        case 4: return .notifyResult(campaign: 2025)
        case 5: return nextEndTermStep(state, grade: grade)
        case 6: return .fileObjection(campaign: 2025, objectionId: "o-\(step)", summary: "objection")
        case 7:
            let open = state.campaign(2025).openObjections.sorted().first ?? "none"
            return .answerObjection(campaign: 2025, objectionId: open, response: "answered")
        case 8: return .markGradePending(campaign: 2025, investigation: "case \(step)")
        case 9: return .concludeInvestigation(conclusion: "closed")
        case 10: return .submitMidTermSurvey(campaign: 2025, items: surveyItems)
        case 11: return .collectBasicInfo(campaign: 2025, info: basicInfo)
        case 12:
            let terms = RehireTerms(agreementReference: "r-\(step)", sameField: parameter % 2 == 0)
            return .retire(occurredOn: date.adding(days: -(parameter % 60)), rehire: parameter % 3 == 0 ? nil : terms)
        case 13:
            let kind = RelocationKind.allCases[parameter % RelocationKind.allCases.count]
            return .relocate(kind: kind, newUnit: UnitID("unit-\(step)"), occurredOn: date)
        case 14:
            let measure = Sanction.Measure.allCases[parameter % Sanction.Measure.allCases.count]
            return .penalize(occurredOn: date, sanction: Sanction(kind: measure.kind, measure: measure))
        case 15:
            let result = AnnualAssessment.Result.allCases[parameter % AnnualAssessment.Result.allCases.count]
            let sector = AnnualAssessment.Sector.allCases[parameter % 2]
            return .recordAnnualAssessment(
                occurredOn: date,
                assessment: AnnualAssessment(year: 2024, kind: .annual, sector: sector, result: result))
        case 16: return .recommend(outcome: RecommendationOutcome.allCases[parameter % 3])
        case 17: return .decideRecommendation(outcome: RecommendationOutcome.allCases[parameter % 3])
        case 18: return .recordLostContact(since: date.adding(days: -200))
        case 19: return .exitForLostContact
        case 20:
            switch parameter % 5 {
            case 0: return .recordDeath(occurredOn: date)
            case 1: return .recordOverdueAbroad(occurredOn: date)
            case 2: return .findMisconduct(occurredOn: date, finding: "found")
            case 3: return .recordOtherExitSituation(occurredOn: date, situation: "other")
            default: return .restoreContact
            }
        case 21:
            let measures: [FraudMeasure] = parameter % 2 == 0 ? [.talkToHead] : [.revokeQualification]
            return .findFraud(finding: "spot-check", measures: measures)
        case 22: return .payHousingSubsidyInstalment(number: parameter % 4)
        case 23: return parameter % 2 == 0 ? .suspendServices(reason: "late") : .restoreServices(reason: "make-up")
        case 24:
            return .evaluate(
                Evaluation(
                    talentId: TalentID("t-1"), tier: Tier.allCases[parameter % 5], unit: UnitID("unit-1"),
                    professionalField: "f", evaluatingDocument: "re-\(step)", certificateDate: date))
        case 25: return .endLabourContract(occurredOn: date, article19Item: 1 + parameter % 14)
        default:
            let reason =
                state.pendingExitReports.first?.reason ?? ExitReason.allCases[parameter % ExitReason.allCases.count]
            return .verifyExitSituation(reason: reason, confirmed: parameter % 4 != 0, finding: "checked")
        }
    }

    /// The next step of the end-term procedure, so random runs also reach final results and their
    /// consequences, not only the first steps.
    static func nextEndTermStep(_ state: Talent, grade: Grade) -> TalentCommand {
        let record = state.campaign(2025)
        if state.status == .pendingInvestigation { return .concludeInvestigation(conclusion: "closed") }
        if let open = record.openObjections.sorted().first {
            return .answerObjection(campaign: 2025, objectionId: open, response: "answered")
        }
        if record.endTermRegisteredOn == nil { return .registerEndTerm(campaign: 2025) }
        guard let current = record.grade else {
            return .grade(campaign: 2025, grade: grade, decidedCollectively: true)
        }
        if current == .excellent, !state.isClassified {
            if record.publicity == nil { return .startPublicity(campaign: 2025) }
            if record.isPublicityRunning { return .endPublicity(campaign: 2025) }
        }
        if record.notifiedOn == nil { return .notifyResult(campaign: 2025) }
        return .finalizeResult(campaign: 2025)
    }

    @Test func randomCommandSequencesFoldWithoutCrashAndKeepInvariants() async throws {
        let policy = try policy()
        var seen: Set<String> = []
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...4), Gen.int(in: 0...(Self.kinds * 40 - 1)).array(of: 1...60)
        ) { tierIndex, values in
            var ledger = try Ledger(
                tier: Tier.allCases[tierIndex], start: tierIndex % 2 == 0 ? "2020-06-01" : "2023-06-01")
            #expect(ledger.policy == policy)
            var date = try day("2025-01-02")
            for (step, value) in values.enumerated() {
                date = date.adding(days: 11)
                let command = Self.command(value, step: step, state: ledger.state, on: date)
                let events: [TalentEvent]
                do throws(Refusal) {
                    events = try decide(command, ledger.state, policy, date)
                } catch {
                    #expect(Self.readsInTheNoticesWords(error.reason), "\(error)")
                    continue
                }
                var state = ledger.state
                // X9: an exit takes effect only through a verification by the province, a province decision
                // (D3, F1) or a final end-term result (G4, G5) — never on the unit's report alone.
                if events.contains(where: { $0.exited != nil }) {
                    #expect(
                        events.contains {
                            switch $0 {
                            case .exitSituationVerified(let v): v.confirmed
                            case .recommendationDecided, .fraudFound, .endTermResultConfirmed: true
                            default: false
                            }
                        }, "exit without the province or a final result after \(command)")
                }
                for event in events {
                    let before = state
                    state = evolve(state, event)
                    // S4/C1/C2: a card taken back comes back only with a new evaluation's grant (E1/E2).
                    for card in [\Entitlements.jixiangCard, \Entitlements.jijianCard]
                    where before.entitlements[keyPath: card] == .takenBack
                        && state.entitlements[keyPath: card] == .active
                    {
                        #expect([RuleID.E1, .E2].contains(event.derivation?.rule), "card revived by \(event.typeName)")
                    }
                    if case .exitSituationReported = event { #expect(state.status == before.status) }
                    if case .talentDowngraded(let downgrade) = event {
                        #expect(before.tier == downgrade.from)
                        #expect(downgrade.from.lowered == downgrade.to)
                        #expect(state.tier == downgrade.to)
                    } else if case .talentEvaluated = event {
                    } else {
                        #expect(state.tier == before.tier, "tier changed by \(event.typeName)")
                    }
                    let decoded = try TalentEvent.decode(
                        typeName: event.typeName, schemaVersion: event.schemaVersion,
                        payload: try event.encodedPayload())
                    #expect(decoded == event)
                }
                ledger.events += events
                // The register decides on the talent as its whole history says, folded in business order
                // (a late fact where it took effect), not as the facts happened to be recorded.
                ledger.state = Talent.fold(ledger.events)
                seen.formUnion(events.map(\.typeName))
                if state.hasExited {
                    #expect(!state.entitlements.holdsCard, "exited talent holds a card after \(command)")
                    #expect(state.talentCodeIsCancelled)
                    #expect(state.openRecommendation == nil)
                } else {
                    #expect(state.tier.map { state.entitlements.talentCode.tier == $0 } == true)
                }
            }
            // Business order: however the facts of different days were recorded, the talent is the same;
            // facts of one day keep their recorded order.
            let reshuffled = Dictionary(grouping: ledger.events, by: \.effectiveDate).values.shuffled().flatMap { $0 }
            #expect(Talent.fold(reshuffled) == ledger.state)
        }
        // The sequences must reach deep states, not only refusals: most event types are produced.
        let missing = Set(TalentEvent.typeNames).subtracting(seen).sorted()
        #expect(seen.count >= 28, "never produced: \(missing)")
        #expect(
            seen.isSuperset(of: [
                "ExitSituationReported", "ExitSituationVerified", "TalentExited", "EntitlementsChanged",
                "EndTermGraded", "RecommendationDecided",
            ]))
    }

    /// The read model keeps `mayHaveOverdueItems` with each talent so that the overdue list folds only
    /// those talents: whatever state random commands reach, a talent with something overdue on any day has
    /// the flag.
    @Test func aTalentWithAnythingOverdueIsFlaggedAsMayHaveOverdueItems() async throws {
        let policy = try policy()
        let campaign = try policy.campaign(year: 2025)
        let days = try ["2025-01-01", "2025-09-01", "2026-04-01", "2027-06-01"].map(day)
        var listed = 0
        await propertyCheck(count: 200, input: Gen.int(in: 0...(Self.kinds * 40 - 1)).array(of: 1...50)) { values in
            var ledger = try Ledger(tier: .C, start: "2021-06-01")
            var date = try day("2025-01-02")
            for (step, value) in values.enumerated() {
                date = date.adding(days: 13)
                let command = Self.command(value, step: step, state: ledger.state, on: date)
                guard let events = try? decide(command, ledger.state, policy, date) else { continue }
                ledger.events += events
                ledger.state = Talent.fold(ledger.events)
                for day in days + [date]
                where !ledger.state.overdue(
                    on: day, campaign: campaign, exitReportMonths: policy.management.exitReportDeadlineMonths
                ).isEmpty {
                    listed += 1
                    #expect(ledger.state.mayHaveOverdueItems, "overdue on \(day) but not flagged after \(command)")
                }
            }
        }
        // The sequences must reach states with something overdue, or the property says nothing.
        #expect(listed > 100)
    }

    @Test func evolveIsTotalOverAnyOrderOfDecidedEvents() async throws {
        var pool: [TalentEvent] = []
        for grade in Grade.allCases {
            var ledger = try Ledger(tier: .B, start: "2020-01-01")
            _ = try ledger.confirmEndTerm(grade)
            _ = try? ledger.run(.retire(occurredOn: try day("2026-03-01"), rehire: nil), on: "2026-03-01")
            _ = try? ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
            if ledger.state.hasReportedExitSituation { try ledger.verifyExit(on: "2026-04-10") }
            pool += ledger.events
        }
        let events = pool
        await propertyCheck(count: 200, input: Gen.int(in: 0...(events.count - 1)).array(of: 0...80)) { indexes in
            let state = Talent.fold(indexes.map { events[$0] })
            #expect(state.evaluationCount == indexes.filter { events[$0].typeName == "TalentEvaluated" }.count)
            #expect(state.entitlements.housingSubsidy.paidYuan >= 0)
        }
    }

    @Test func addingWorkingDaysMatchesCountingThem() async throws {
        let calendar = try policy().calendar
        let first = try day("2025-01-01")
        await propertyCheck(input: Gen.int(in: 0...600), Gen.int(in: 0...30)) { offset, count in
            let start = first.adding(days: offset)
            let end = try calendar.addWorkingDays(count, to: start)
            #expect(try calendar.workingDays(between: start.adding(days: 1), and: end) == count)
            if count > 0 { #expect(try calendar.isWorkingDay(end)) }
        }
    }
}

extension Talent {
    var talentCodeIsCancelled: Bool { entitlements.talentCode.status == .cancelled }
}
