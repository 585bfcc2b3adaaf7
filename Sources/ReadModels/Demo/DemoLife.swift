import TalentDomain

/// The life events of one storyline: the unit records each fact a few days to weeks after it occurred.
extension DemoTalentSimulation {
    mutating func scheduleLife(_ scenario: DemoScenario, from start: Day, to end: Day, unitKind: Organization.Kind) {
        let day = random.day(from: start, to: end)
        let occurred = day.adding(days: -random.int(0...40))
        switch scenario {
        case .retiredTierB:
            // X1: a generic retirement is rehired half the time; the tier-B storyline is not (X10).
            let rehired = twist == nil && random.chance(0.5)
            let terms = RehireTerms(
                agreementReference: "FP-\(day.year)-\(random.int(1...999))", sameField: random.chance(0.85))
            schedule(.command(.retire(occurredOn: occurred, rehire: rehired ? terms : nil)), on: day)
            if !rehired, twist == nil, random.chance(0.3) {
                // X1: rehired in the same field after all, before the province verified the report.
                let late = RehireTerms(agreementReference: "FP-\(day.year)-\(random.int(1...999))", sameField: true)
                schedule(.command(.rehire(late)), on: day.adding(days: random.int(2...8)))
            }
        case .retirementUntrue:
            schedule(.command(.retire(occurredOn: occurred, rehire: nil)), on: day)
        case .rehireEnded:
            let terms = RehireTerms(
                agreementReference: "FP-\(day.year)-\(random.int(1...999))", sameField: true,
                validUntil: day.adding(years: random.int(2...4)))
            schedule(.command(.retire(occurredOn: occurred, rehire: terms)), on: day)
        case .relocatedWithin:
            let unit = random.pick(otherUnits)
            schedule(.command(.relocate(kind: .withinProvince, newUnit: unit, occurredOn: occurred)), on: day)
        case .postedToBranch:
            schedule(
                .command(.relocate(kind: .outOfProvinceBranchPosting, newUnit: nil, occurredOn: occurred)), on: day)
        case .leftProvince:
            schedule(.command(.relocate(kind: .outOfProvince, newUnit: nil, occurredOn: occurred)), on: day)
        case .becameCivilServant:
            schedule(.command(.relocate(kind: .civilService, newUnit: nil, occurredOn: occurred)), on: day)
        case .unrelatedPost:
            schedule(.command(.relocate(kind: .unrelatedPost, newUnit: nil, occurredOn: occurred)), on: day)
        case .misconduct:
            schedule(.command(.findMisconduct(occurredOn: occurred, finding: "经有关部门认定存在学术不端行为")), on: day)
        case .sanctionExit, .sanctionBelowThreshold:
            let wanted = scenario == .sanctionExit
            let measures = Sanction.Measure.allCases.filter {
                Sanction(kind: $0.kind, measure: $0).meetsExitThreshold == wanted
            }
            let measure = random.pick(measures)
            schedule(
                .command(.penalize(occurredOn: occurred, sanction: Sanction(kind: measure.kind, measure: measure))),
                on: day)
        case .labourContractEnded:
            let item = twist == nil ? random.int(1...14) : random.int(3...9)
            schedule(.command(.endLabourContract(occurredOn: occurred, article19Item: item)), on: day)
        case .died:
            schedule(.command(.recordDeath(occurredOn: occurred)), on: day)
        case .overdueAbroad:
            schedule(.command(.recordOverdueAbroad(occurredOn: occurred)), on: day)
        case .contactLost, .contactRestored:
            schedule(.command(.recordLostContact(since: occurred)), on: day)
        case .otherSituation:
            schedule(.command(.recordOtherExitSituation(occurredOn: occurred, situation: "长期不能履行岗位职责")), on: day)
        case .fraud:
            var measures: [FraudMeasure] = [.talkToHead, .rectificationWithDeadline]
            if twist != nil || random.chance(0.6) { measures.append(.revokeQualification) }
            // The unit's evaluation work is never suspended here (F1): the demo's lives evaluate talents of
            // every unit for years on, which a suspension would refuse.
            if random.chance(0.3) { measures.append(.provinceWideNotice) }
            schedule(.provincial(.findFraud(finding: "抽查发现申报材料弄虚作假", measures: measures)), on: day)
        case .reevaluated:
            schedule(.reevaluate, on: max(day, start.adding(days: 365)))
        case .servicesSuspended:
            // S3/S4: a unit's late submission suspends the cards; the accepted make-up restores them.
            let suspended = random.day(from: max(start, Day(ordinal: 19_723)), to: end)  // from 2024-01-01
            schedule(.provincial(.suspendServices(reason: "单位未按时报送考核材料")), on: suspended)
            schedule(
                .provincial(.restoreServices(reason: "补报材料经审核通过")), on: suspended.adding(days: random.int(20...90)))
        case .objection, .gradePending, .fairGrade, .unqualifiedGrade, .weakSurvey, .earlyJixiangCard,
            .weakAnnualAssessment,
            .flexibleRenewed, .flexibleExpired, .evaluationCorrected:
            // Campaign and evaluation storylines are set up by the plan, not as life events.
            break
        }
    }
}
