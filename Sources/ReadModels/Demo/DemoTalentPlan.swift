import TalentDomain

/// The opening of one talent's history: the evaluation (tier, unit, M2 dates) and the life events drawn
/// for it, put on the simulation's agenda.
extension DemoTalentSimulation {
    static let firstDay = Day(ordinal: 16_801)  // 2016-01-01

    /// Schedules the evaluation, the life events and the campaign of the policy's default year.
    mutating func plan(talent: TalentID, units: [Organization]) {
        let evaluation = drawEvaluation(talent: talent, units: units)
        let decidedOn = evaluation.day
        schedule(.provincial(.evaluate(evaluation.facts)), on: decidedOn)
        let lifeEnd = horizon.adding(days: -25)
        let lifeStart = decidedOn.adding(days: 60)
        if lifeStart < lifeEnd {
            if let twist, !twist.isEndTerm, twist != .weakSurvey, twist != .earlyJixiangCard {
                scheduleLife(twist, from: lifeStart, to: lifeEnd, unitKind: evaluation.unitKind)
            } else if twist == nil {
                for scenario in DemoScenario.allCases where random.chance(scenario.chance) {
                    scheduleLife(scenario, from: lifeStart, to: lifeEnd, unitKind: evaluation.unitKind)
                }
                scheduleAnnualAssessments(from: decidedOn, to: lifeEnd, unitKind: evaluation.unitKind, forceWeak: false)
            }
            if twist == .weakAnnualAssessment {
                scheduleAnnualAssessments(from: decidedOn, to: lifeEnd, unitKind: .provincialUnit, forceWeak: true)
            }
            if let end = evaluation.facts.flexibleAgreementEnd {
                if twist == .flexibleRenewed || (twist == nil && random.chance(0.5)) {
                    schedule(
                        .command(.renewFlexibleAgreement(newEnd: end.adding(years: random.int(2...3)))),
                        on: end.adding(days: -random.int(10...60)))
                } else {
                    schedule(.command(.recordFlexibleAgreementExpired), on: end.adding(days: random.int(5...45)))
                }
            }
        }
        let year = policy.campaigns.defaultYear
        if let opening = try? Day(year: year, month: 12, day: 15) {
            schedule(.openCampaign(year), on: opening.adding(days: random.int(0...3)))
        }
    }

    struct DrawnEvaluation {
        var facts: Evaluation
        var day: Day
        var unitKind: Organization.Kind
    }

    /// T1, T2, T3, T4 and M2: tier, unit, flexible agreement, classification and start-date sources.
    mutating func drawEvaluation(talent: TalentID, units: [Organization]) -> DrawnEvaluation {
        var year = random.weighted([
            (2016, 8), (2017, 9), (2018, 10), (2019, 10), (2020, 10), (2021, 8), (2022, 8), (2023, 20), (2024, 9),
            (2025, 8),
        ])
        var tier = random.weighted([(Tier.A, 3), (.B, 10), (.C, 22), (.D, 30), (.E, 35)])
        switch twist {
        case .objection, .gradePending, .unqualifiedGrade: year = random.int(2016...2019)
        case .fairGrade:
            year = random.int(2016...2019)
            tier = .D
        case .weakSurvey:
            year = 2023
            tier = .C
        case .earlyJixiangCard: year = random.int(2016...2018)
        case .retiredTierB:
            year = random.int(2018...2022)
            tier = .B
        case .retirementUntrue:
            year = random.int(2018...2022)
            tier = .C
        case .some: year = random.int(2016...2021)
        case .none: break
        }
        let unit = random.pick(units)
        let lastDay = (try? Day(year: year, month: year >= 2025 ? 10 : 12, day: 31)) ?? Self.firstDay
        let evaluatedOn = random.day(from: (try? Day(year: year, month: 1, day: 1)) ?? Self.firstDay, to: lastDay)
        var facts = Evaluation(
            talentId: talent, tier: tier, unit: UnitID(unit.id), professionalField: random.pick(DemoVocabulary.fields),
            evaluatingDocument: DemoVocabulary.document(on: evaluatedOn, random: &random), evaluatedOn: evaluatedOn)
        var decidedOn = evaluatedOn
        if twist == .earlyJixiangCard || (twist == nil && year < 2020 && random.chance(0.3)) {
            // M2 (3): early evaluations with neither a certificate nor a list date: the 吉享卡 date.
            let card = evaluatedOn.adding(days: random.int(5...40))
            facts.jixiangCardIssuedDate = card
            decidedOn = card
        } else if random.chance(0.6) {
            facts.certificateDate = evaluatedOn
            // Sometimes both are known: M2's precedence picks the certificate.
            if random.chance(0.3) { facts.listDocumentDate = evaluatedOn.adding(days: random.int(0...10)) }
        } else {
            facts.listDocumentDate = evaluatedOn.adding(days: random.int(0...10))
            decidedOn = facts.listDocumentDate ?? evaluatedOn
        }
        decidedOn = decidedOn.adding(days: random.int(0...20))
        let flexible = twist == .flexibleRenewed || twist == .flexibleExpired || (twist == nil && random.chance(0.08))
        if flexible { facts.flexibleAgreementEnd = evaluatedOn.adding(years: random.int(2...4)) }
        facts.classified = twist == nil && random.chance(0.03)
        return DrawnEvaluation(facts: facts, day: decidedOn, unitKind: unit.kind)
    }

    /// X7/D1: some years' annual assessments; a weak one makes a D1 situation to report.
    mutating func scheduleAnnualAssessments(from start: Day, to end: Day, unitKind: Organization.Kind, forceWeak: Bool)
    {
        guard start.year + 1 <= end.year - 1 else { return }
        let weakYear = random.int((start.year + 1)...(end.year - 1))
        for year in (start.year + 1)...(end.year - 1) where (forceWeak && year == weakYear) || random.chance(0.3) {
            guard let day = try? Day(year: year, month: 12, day: random.int(20...31)) else { continue }
            let result: AnnualAssessment.Result =
                forceWeak && year == weakYear
                ? .basicQualified
                : random.weighted([
                    (.excellent, 20), (.qualified, 72), (.basicQualified, 4), (.undetermined, 2), (.unqualified, 2),
                ])
            let sector: AnnualAssessment.Sector =
                unitKind == .privateEnterprise || (unitKind == .centralUnit && random.chance(0.7))
                ? .enterprise : .publicInstitution
            let assessment = AnnualAssessment(
                year: year, kind: random.chance(0.85) ? .annual : .appointmentTerm, sector: sector, result: result,
                personalReasons: random.chance(0.8))
            schedule(
                .command(.recordAnnualAssessment(occurredOn: day, assessment: assessment)),
                on: day.adding(days: random.int(0...20)))
        }
    }
}
