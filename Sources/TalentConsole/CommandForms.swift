import Foundation
import TalentApplication
import TalentDomain

/// The forms. A field's value that cannot be used is an ``InvalidInput`` naming the field by its `name`;
/// the page shows it beside the field, under the field's label.
enum CommandForms {
    static func campaign(_ fields: FormFields) throws -> Int { try year(fields, "campaign") }

    /// The instalments of `subsidy` the payment form offers: those a payment may be recorded for that have
    /// fallen due by the page's day (E4, C2).
    static func payable(_ subsidy: HousingSubsidy, on occasion: FormOccasion) -> [HousingSubsidy.UnpaidInstalment] {
        subsidy.recordableInstalments(under: occasion.policy.entitlements).filter { $0.due <= occasion.today }
    }

    /// A year as a form's year field gives it (a campaign's, an assessment's): a whole number, whose range
    /// the register's limits decide (LIMITS, said beside the field).
    static func year(_ fields: FormFields, _ name: String) throws -> Int {
        guard let text = fields.text(name), let year = QueryText.wholeNumber(text) else {
            throw InvalidInput(name, "请填写年份，例如 2025")
        }
        return year
    }

    static func text(_ fields: FormFields, _ name: String) throws -> String {
        guard let value = fields.text(name) else { throw InvalidInput(name, "不能为空") }
        return value
    }

    /// A day the form must have: an empty field, a day that does not exist and a text that is no day are
    /// each said as such.
    static func day(_ fields: FormFields, _ name: String) throws -> Day {
        guard let day = try optionalDay(fields, name) else { throw InvalidInput(name, "不能为空") }
        return day
    }

    static func optionalDay(_ fields: FormFields, _ name: String) throws -> Day? {
        try fields.day(name, label: name)
    }

    /// The verification's result: chosen, never taken from a box left unticked.
    static func confirmed(_ fields: FormFields) throws -> Bool {
        switch fields.text("confirmed") {
        case "true": true
        case "false": false
        default: throw InvalidInput("confirmed", "请选择核实结果")
        }
    }

    /// A choice whose options are texts of the talent's own (an objection's number): the one chosen.
    static func choiceText(_ fields: FormFields, _ name: String, _ reason: String) throws -> String {
        guard let value = fields.text(name) else { throw InvalidInput(name, reason) }
        return value
    }

    static func choice<Value: RawRepresentable<String>>(_ fields: FormFields, _ name: String, _ reason: String)
        throws -> Value
    {
        guard let value = fields.text(name).flatMap(Value.init(rawValue:)) else { throw InvalidInput(name, reason) }
        return value
    }

    /// A rehire's terms as the retirement's and the rehire's forms ask them (X1: same field, in Jilin, valid).
    static func rehireFields(reference: String, optional: Bool) -> [CommandForm.Field] {
        [
            .init(name: "agreementReference", label: reference, kind: optional ? .optionalText : .text),
            .init(name: "validUntil", label: "返聘协议期限至（无固定期限的不填）", kind: .optionalDate),
            .init(name: "sameField", label: "返聘后继续从事本专业领域工作", kind: .check),
            .init(name: "inProvince", label: "由原单位或省内其他企事业单位返聘", kind: .check),
        ]
    }

    static func rehireTerms(_ fields: FormFields, reference: String) throws -> RehireTerms {
        RehireTerms(
            agreementReference: reference, sameField: fields["sameField"] == "on",
            inProvince: fields["inProvince"] == "on", validUntil: try optionalDay(fields, "validUntil"))
    }

    /// A form whose only field is the campaign's year.
    static func campaignForm(
        _ type: String, _ title: String, rule: String, _ command: @escaping @Sendable (Int) -> TalentCommand
    ) -> CommandForm {
        CommandForm(type: type, title: title, rule: rule, fields: [campaignField], sample: command(2025)) {
            command(try campaign($0))
        }
    }

    static let campaignField = CommandForm.Field(name: "campaign", label: "考核年度", kind: .year)

    /// A form whose only field is the day a situation occurred (`day`, labelled `dayLabel`): the form's
    /// own day is the day the unit reports it (X9).
    static func situationForm(
        _ type: String, _ title: String, rule: String, day field: String = "occurredOn", dayLabel: String,
        _ command: @escaping @Sendable (Day) -> TalentCommand
    ) -> CommandForm {
        CommandForm(
            type: type, title: title, rule: rule, fields: [.init(name: field, label: dayLabel, kind: .date)],
            sample: command(Day(ordinal: 0)), effectiveLabel: "报告日期"
        ) { command(try day($0, field)) }
    }

    /// The same with a text before the day: what was found, or the situation in words.
    static func situationForm(
        _ type: String, _ title: String, rule: String, text said: (name: String, label: String), dayLabel: String,
        _ command: @escaping @Sendable (Day, String) -> TalentCommand
    ) -> CommandForm {
        CommandForm(
            type: type, title: title, rule: rule,
            fields: [
                .init(name: said.name, label: said.label, kind: .text),
                .init(name: "occurredOn", label: dayLabel, kind: .date),
            ],
            sample: command(Day(ordinal: 0), "-"), effectiveLabel: "报告日期"
        ) { command(try day($0, "occurredOn"), try text($0, said.name)) }
    }

    /// The fields of an evaluation's record (M2, T2–T4), as a re-evaluation and a correction ask them: each
    /// started from `record` where it reads one. Of the three days a period may start from (M2), the record
    /// keeps the one it started from.
    static func evaluationFields(
        tier tierLabel: String, _ record: @escaping @Sendable (Talent, FormOccasion) -> EvaluationRecordStart
    ) -> [CommandForm.Field] {
        func day(_ source: PeriodStartSource) -> @Sendable (Talent, FormOccasion) -> String? {
            { state, occasion in
                let start = record(state, occasion)
                return start.source == source ? start.periodStart?.description : nil
            }
        }
        return [
            .init(
                name: "tier", label: tierLabel,
                kind: .choice([unchosen] + Tier.allCases.map { ($0.rawValue, ConsoleVocabulary.tier($0)) }),
                prefilled: { record($0, $1).tier?.rawValue }),
            .init(name: "unit", label: "用人单位编号", kind: .text, prefilled: { record($0, $1).unit?.rawValue }),
            .init(
                name: "professionalField", label: "专业领域", kind: .text,
                prefilled: { record($0, $1).professionalField }),
            .init(
                name: "evaluatingDocument", label: "认定文件", kind: .text,
                prefilled: { record($0, $1).evaluatingDocument }),
            .init(
                name: "certificateDate", label: "电子证书落款时间（管理期由此起算；无证书的不填）", kind: .optionalDate,
                prefilled: day(.electronicCertificate)),
            .init(
                name: "listDocumentDate", label: "评定通过人员名单文件的日期（无电子证书时填写）", kind: .optionalDate,
                prefilled: day(.provincialListDocument)),
            .init(
                name: "jixiangCardIssuedDate", label: "吉享卡发放时间（2020年以前早期评定人员，前两项均无时填写）",
                kind: .optionalDate, prefilled: day(.jixiangCardIssued)),
            .init(
                name: "evaluatedOn", label: "评定时间（早期评定人员填写）", kind: .optionalDate,
                prefilled: { record($0, $1).evaluatedOn?.description }),
            .init(
                name: "flexibleAgreementEnd", label: "柔性引进协议期限至（柔性引进的填写）", kind: .optionalDate,
                prefilled: { record($0, $1).flexibleAgreementEnd?.description }),
            .init(
                name: "classified", label: "涉密人员（名单和公示中不列姓名）", kind: .check,
                prefilled: { record($0, $1).classified ? "on" : nil }),
        ]
    }

    /// What an evaluation form's fields start from: a correction from the record as it stands, a
    /// re-evaluation from the talent's unit, field and classification alone (its tier, document and days
    /// are the new evaluation's).
    struct EvaluationRecordStart: Sendable {
        var tier: Tier?
        var unit: UnitID?
        var professionalField: String?
        var evaluatingDocument: String?
        var periodStart: Day?
        var source: PeriodStartSource?
        var evaluatedOn: Day?
        var flexibleAgreementEnd: Day?
        var classified: Bool

        static func correcting(_ state: Talent, _ occasion: FormOccasion) -> Self {
            let record = occasion.evaluation
            return Self(
                tier: state.evaluatedTier ?? state.tier, unit: state.evaluatedUnit ?? state.unit,
                professionalField: record?.professionalField ?? state.professionalField,
                evaluatingDocument: record?.evaluatingDocument, periodStart: record?.periodStart,
                source: record?.startSource, evaluatedOn: record?.evaluatedOn,
                flexibleAgreementEnd: record?.flexibleAgreementEnd ?? state.flexibleAgreementEnd,
                classified: record?.classified ?? state.isClassified)
        }

        static func reevaluating(_ state: Talent, _ occasion: FormOccasion) -> Self {
            // Left unticked, a classified talent re-evaluated would be named in every list (T4).
            Self(unit: state.unit, professionalField: state.professionalField, classified: state.isClassified)
        }
    }

    /// The evaluation the posted fields describe, of `talent`.
    static func evaluation(_ fields: FormFields, of talent: TalentID) throws -> Evaluation {
        Evaluation(
            talentId: talent, tier: try choice(fields, "tier", "请选择人才层次"), unit: UnitID(try text(fields, "unit")),
            professionalField: try text(fields, "professionalField"),
            evaluatingDocument: try text(fields, "evaluatingDocument"),
            certificateDate: try optionalDay(fields, "certificateDate"),
            listDocumentDate: try optionalDay(fields, "listDocumentDate"),
            jixiangCardIssuedDate: try optionalDay(fields, "jixiangCardIssuedDate"),
            flexibleAgreementEnd: try optionalDay(fields, "flexibleAgreementEnd"),
            classified: fields["classified"] == "on", evaluatedOn: try optionalDay(fields, "evaluatedOn"))
    }

    /// A sample evaluation, for the access decision.
    static let sampleEvaluation = Evaluation(
        talentId: TalentID("-"), tier: .E, unit: UnitID("-"), professionalField: "-", evaluatingDocument: "-")

    static let all: [CommandForm] = [
        CommandForm(
            type: "collectBasicInfo", title: "基本信息采集", rule: "W1",
            fields: [
                campaignField, .init(name: "industry", label: "所属行业", kind: .text),
                .init(name: "professionalField", label: "专业领域", kind: .text),
                .init(name: "education", label: "学历", kind: .text),
                .init(name: "professionalTitle", label: "职称", kind: .text),
            ]
                + RuleID.declarableSituations.map { rule in
                    .init(
                        name: "declared\(rule.rawValue)",
                        label: "存在“\(ConsoleVocabulary.ruleNames[rule.rawValue] ?? rule.rawValue)”情形（\(rule.rawValue)）",
                        kind: .check)
                },
            sample: .collectBasicInfo(
                campaign: 2025,
                info: BasicInfo(industry: "-", professionalField: "-", education: "-", professionalTitle: "-"))
        ) { fields in
            .collectBasicInfo(
                campaign: try campaign(fields),
                info: BasicInfo(
                    industry: try text(fields, "industry"), professionalField: try text(fields, "professionalField"),
                    education: try text(fields, "education"), professionalTitle: try text(fields, "professionalTitle"),
                    declaredSituations: RuleID.declarableSituations.filter { fields["declared\($0.rawValue)"] == "on" })
            )
        }
        .recording(.basicInfoCollection),
        CommandForm(
            type: "submitMidTermSurvey", title: "期中业绩调查", rule: "W2",
            fields: [campaignField]
                + MidTermSurveyItems.named.map { .init(name: $0.member, label: $0.chineseName, kind: .text) },
            sample: .submitMidTermSurvey(campaign: 2025, items: MidTermSurveyItems(reading: { _ in "-" }))
        ) { fields in
            .submitMidTermSurvey(
                campaign: try campaign(fields), items: try MidTermSurveyItems(reading: { try text(fields, $0) }))
        }
        .recording(.midTermSurvey)
        .taking { record, _, _ in record.survey == nil },
        campaignForm("registerEndTerm", "期末考核登记", rule: "W3") { .registerEndTerm(campaign: $0) }
            .recording(.endTermAssessment)
            // Not registered with this campaign, and (this one's registration being none) with no other.
            .taking { record, state, _ in record.endTermRegisteredOn == nil && state.endTermRegistration() == nil },
        CommandForm(
            type: "grade", title: "确定考核等次", rule: "G1、G6",
            fields: [
                campaignField,
                .init(
                    name: "grade", label: "考核等次",
                    kind: .choice([unchosen] + Grade.allCases.map { ($0.rawValue, $0.chineseName) })),
                .init(name: "decidedCollectively", label: "经集体研究确定", kind: .check),
            ],
            sample: .grade(campaign: 2025, grade: .good, decidedCollectively: true)
        ) { fields in
            .grade(
                campaign: try campaign(fields), grade: try choice(fields, "grade", "请选择优秀、良好、一般或不合格"),
                decidedCollectively: fields["decidedCollectively"] == "on")
        }
        .recording(.endTermAssessment)
        .taking(gradable),
        CommandForm(
            type: "markGradePending", title: "暂不确定等次", rule: "G2",
            fields: [campaignField, .init(name: "investigation", label: "原因（调查事项）", kind: .text)],
            sample: .markGradePending(campaign: 2025, investigation: "-")
        ) { .markGradePending(campaign: try campaign($0), investigation: try text($0, "investigation")) }
        .recording(.endTermAssessment)
        .taking(gradable),
        CommandForm(
            type: "concludeInvestigation", title: "调查处理形成结论", rule: "G2",
            fields: [.init(name: "conclusion", label: "调查处理结论", kind: .text)],
            sample: .concludeInvestigation(conclusion: "-")
        ) { .concludeInvestigation(conclusion: try text($0, "conclusion")) }
        .shown { $0.status == .pendingInvestigation },
        campaignForm("startPublicity", "开始公示", rule: "P1") { .startPublicity(campaign: $0) }
            .recording(.endTermAssessment)
            .taking { record, state, occasion in
                // P1: only a grade the policy publicizes, never a classified talent's (T4).
                record.confirmedOn == nil && record.publicity == nil && !state.isClassified
                    && record.grade.map(occasion.policy.publicity.publicizedGrades.contains) == true
            },
        // A publicity started ends even once an exit report waits (W4 stops the assessment, not its publicity).
        campaignForm("endPublicity", "结束公示", rule: "P1、P2") { .endPublicity(campaign: $0) }
            // P1: once its working days have run.
            .taking { record, _, occasion in
                record.publicity.map { $0.endedOn == nil && $0.earliestEnd <= occasion.today } ?? false
            },
        CommandForm(
            type: "fileObjection", title: "登记异议", rule: "P3",
            fields: [
                campaignField, .init(name: "objectionId", label: "异议编号", kind: .text),
                .init(name: "summary", label: "异议内容摘要", kind: .text),
            ],
            sample: .fileObjection(campaign: 2025, objectionId: "-", summary: "-")
        ) {
            .fileObjection(
                campaign: try campaign($0), objectionId: try text($0, "objectionId"), summary: try text($0, "summary"))
        }
        // P3: to the result given, final (G6) or not.
        .taking { record, _, _ in record.grade != nil },
        CommandForm(
            type: "answerObjection", title: "答复异议", rule: "P3",
            fields: [
                // The objections waiting for their answer, each with its campaign's year, not a number typed
                // again (a typo answers none) beside a year chosen apart (another year's answers none either).
                .init(
                    name: "objectionId", label: "异议编号", kind: .choice([unchosen]),
                    offered: { state, _ in
                        state.campaigns.sorted { $0.key < $1.key }.flatMap { year, record in
                            record.openObjections.sorted().map { ("\(year):\($0)", "\($0)（\(year)年度）") }
                        }
                    }),
                .init(name: "response", label: "核实及答复情况", kind: .text),
            ],
            sample: .answerObjection(campaign: 2025, objectionId: "-", response: "-")
        ) {
            let chosen = try choiceText($0, "objectionId", "请选择待答复的异议")
            guard let colon = chosen.firstIndex(of: ":"), let year = Int(chosen[..<colon]) else {
                throw InvalidInput("objectionId", "请选择待答复的异议")
            }
            return .answerObjection(
                campaign: year, objectionId: String(chosen[chosen.index(after: colon)...]),
                response: try text($0, "response"))
        }
        .shown { state in state.campaigns.values.contains { !$0.openObjections.isEmpty } },
        campaignForm("notifyResult", "书面告知考核结果", rule: "G6") { .notifyResult(campaign: $0) }
            .recording(.endTermAssessment)
            .taking { record, state, occasion in
                resultOpen(record, state, occasion) && record.notifiedOn == nil
            },
        campaignForm("finalizeResult", "考核结果确定", rule: "G3–G6") { .finalizeResult(campaign: $0) }
            .recording(.endTermAssessment)
            .taking(finalizable),
        campaignForm("judgeMidTermWeak", "期中业绩评价较弱", rule: "W5") { .judgeMidTermWeak(campaign: $0) }
            .taking { record, _, _ in record.survey != nil && record.judgedWeakOn == nil },
        CommandForm(
            type: "recordMidTermFollowUp", title: "提醒谈话和帮扶措施", rule: "W5",
            fields: [
                campaignField, .init(name: "responsiblePerson", label: "责任人", kind: .text),
                .init(name: "reminderTalkOn", label: "提醒谈话日期", kind: .date),
                .init(name: "helpMeasures", label: "帮扶措施", kind: .text),
                .init(name: "improveBy", label: "改进期限", kind: .date),
            ],
            sample: .recordMidTermFollowUp(
                campaign: 2025, responsiblePerson: "-", reminderTalkOn: Day(ordinal: 0), helpMeasures: "-",
                improveBy: Day(ordinal: 0))
        ) {
            .recordMidTermFollowUp(
                campaign: try campaign($0), responsiblePerson: try text($0, "responsiblePerson"),
                reminderTalkOn: try day($0, "reminderTalkOn"), helpMeasures: try text($0, "helpMeasures"),
                improveBy: try day($0, "improveBy"))
        }
        .taking { record, _, _ in record.weakFollowUpOwedSince != nil },
        // A talent rehired when it retires is recorded so in one step: a rehire recorded after a retirement
        // reported would come after the report, dated the day the unit records it (X9), and could not take
        // its own earlier day.
        CommandForm(
            type: "retire", title: "办理退休", rule: "X1、X2",
            fields: [.init(name: "occurredOn", label: "退休日期", kind: .date)]
                + rehireFields(reference: "返聘协议编号（退休时已返聘的填写，未返聘的不填）", optional: true),
            sample: .retire(occurredOn: Day(ordinal: 0), rehire: nil), effectiveLabel: "报告日期"
        ) { fields in
            let rehire = try fields.text("agreementReference").map { try rehireTerms(fields, reference: $0) }
            return .retire(occurredOn: try day(fields, "occurredOn"), rehire: rehire)
        }
        .shown { !$0.isRetired },
        CommandForm(
            type: "rehire", title: "返聘或续聘", rule: "X1",
            fields: rehireFields(reference: "返聘协议编号", optional: false),
            sample: .rehire(RehireTerms(agreementReference: "-", sameField: true))
        ) { fields in
            .rehire(try rehireTerms(fields, reference: try text(fields, "agreementReference")))
        }
        // X1 keeps a rehired talent of tiers B–D only: a tier-E talent exits on retirement all the same (X2),
        // and retirement is no exit situation for tier A.
        .shown { $0.isRetired && [.B, .C, .D].contains($0.tier) },
        situationForm("endRehire", "返聘协议终止", rule: "X1", dayLabel: "终止日期") { .endRehire(occurredOn: $0) }
            .shown(when: \.isRehired)
            // Its end reports "retired and not rehired" (X1): not again while such a report waits.
            .unlessReported(.retiredNotRehired),
        CommandForm(
            type: "renewFlexibleAgreement", title: "柔性引进协议续签", rule: "T3、X4",
            fields: [.init(name: "newEnd", label: "新协议期限至", kind: .date)],
            sample: .renewFlexibleAgreement(newEnd: Day(ordinal: 0))
        ) { .renewFlexibleAgreement(newEnd: try day($0, "newEnd")) }
        .shown(when: \.isFlexible),
        CommandForm(
            type: "recordFlexibleAgreementExpired", title: "柔性引进协议到期未续签", rule: "X4", fields: [],
            sample: .recordFlexibleAgreementExpired, effectiveLabel: "报告日期"
        ) { _ in .recordFlexibleAgreementExpired }
        // X4 "到期且不再续签": once the agreement's last day has passed, and reported once.
        .shown { state, occasion in state.flexibleAgreementEnd.map { $0 < occasion.today } ?? false }
        .unlessReported(.flexibleAgreementExpired),
        CommandForm(
            type: "relocate", title: "工作变动", rule: "X3、O2",
            fields: [
                // A move that is an exit situation is not offered while its report waits (X9: the register
                // refuses a second).
                .init(
                    name: "kind", label: "变动情形", kind: .choice(moves.map { ($0.rawValue, $0.chineseName) }),
                    offered: { state, _ in
                        moves.filter { kind in kind.exitReason.map { state.pendingExitReport($0) == nil } ?? true }
                            .map { ($0.rawValue, $0.chineseName) }
                    }),
                // The unit's name or its id (``ConsoleController/movedTo(_:)``).
                .init(name: "newUnit", label: "新单位（调往省内其他单位时填写单位名称或编号）", kind: .optionalText),
                .init(name: "occurredOn", label: "变动日期", kind: .date),
            ],
            sample: .relocate(kind: .withinProvince, newUnit: nil, occurredOn: Day(ordinal: 0)),
            effectiveLabel: "报告日期"
        ) { fields in
            .relocate(
                kind: try choice(fields, "kind", "请选择一种情形"), newUnit: fields.text("newUnit").map { UnitID($0) },
                occurredOn: try day(fields, "occurredOn"))
        },
        situationForm(
            "recordOtherExitSituation", "登记其他应予退出管理的情况", rule: "X8", text: ("situation", "情形"), dayLabel: "发生日期"
        ) { .recordOtherExitSituation(occurredOn: $0, situation: $1) }
        .unlessReported(.otherSituation),
        situationForm("recordLostContact", "登记失联", rule: "X8", day: "since", dayLabel: "失联起始日期") {
            .recordLostContact(since: $0)
        }
        .shown { $0.lostContactSince == nil },
        CommandForm(
            type: "restoreContact", title: "恢复联系", rule: "X8", fields: [], sample: .restoreContact
        ) { _ in .restoreContact }
        .shown { $0.lostContactSince != nil },
        CommandForm(
            type: "exitForLostContact", title: "报告失联6个月以上", rule: "X8", fields: [], sample: .exitForLostContact
        ) { _ in .exitForLostContact }
        // X8 "失联6个月及以上": the situation occurs once the policy's months have passed, and is reported once.
        .shown { _, occasion in occasion.facts.lostContactLongEnough }
        .unlessReported(.lostContact),
        situationForm("recordOverdueAbroad", "登记逾期滞留境外", rule: "X8", dayLabel: "逾期之日") {
            .recordOverdueAbroad(occurredOn: $0)
        }
        .unlessReported(.overdueAbroad),
        situationForm("findMisconduct", "登记失德失范失信", rule: "X5", text: ("finding", "查实情况"), dayLabel: "查实日期") {
            .findMisconduct(occurredOn: $0, finding: $1)
        }
        .unlessReported(.misconduct),
        CommandForm(
            type: "penalize", title: "登记处分", rule: "X6、D2",
            fields: [
                .init(
                    name: "measure", label: "处分",
                    kind: .choice(
                        [unchosen]
                            + Sanction.Measure.allCases.map {
                                ($0.rawValue, "\($0.kind.chineseName)：\($0.chineseName)")
                            })),
                .init(name: "occurredOn", label: "处分日期", kind: .date),
            ],
            sample: .penalize(occurredOn: Day(ordinal: 0), sanction: Sanction(kind: .party, measure: .partyWarning)),
            effectiveLabel: "报告日期"
        ) { fields in
            let measure: Sanction.Measure = try choice(fields, "measure", "请选择处分")
            return .penalize(
                occurredOn: try day(fields, "occurredOn"), sanction: Sanction(kind: measure.kind, measure: measure))
        },
        CommandForm(
            type: "recordAnnualAssessment", title: "登记年度或聘期考核结果", rule: "X7、D1",
            fields: [
                .init(name: "year", label: "考核年度", kind: .year),
                .init(
                    name: "kind", label: "考核类别",
                    kind: .choice([unchosen] + AnnualAssessment.Kind.allCases.map { ($0.rawValue, $0.chineseName) })),
                .init(
                    name: "sector", label: "单位类别",
                    kind: .choice([unchosen] + AnnualAssessment.Sector.allCases.map { ($0.rawValue, $0.chineseName) })),
                .init(
                    name: "result", label: "考核结果",
                    kind: .choice([unchosen] + AnnualAssessment.Result.allCases.map { ($0.rawValue, $0.chineseName) })),
                .init(name: "personalReasons", label: "企业人员：结果较差系个人原因", kind: .check),
                .init(name: "occurredOn", label: "结果确定日期", kind: .date),
            ],
            sample: .recordAnnualAssessment(
                occurredOn: Day(ordinal: 0),
                assessment: AnnualAssessment(year: 2025, kind: .annual, sector: .publicInstitution, result: .qualified)),
            effectiveLabel: "报告日期"
        ) { fields in
            .recordAnnualAssessment(
                occurredOn: try day(fields, "occurredOn"),
                assessment: AnnualAssessment(
                    year: try year(fields, "year"), kind: try choice(fields, "kind", "请选择年度考核或聘期考核"),
                    sector: try choice(fields, "sector", "请选择事业单位或企业"),
                    result: try choice(fields, "result", "请选择考核结果"),
                    personalReasons: fields["personalReasons"] == "on"))
        },
        CommandForm(
            type: "endLabourContract", title: "登记解除劳动合同", rule: "X7",
            fields: [
                .init(
                    name: "article19Item", label: "依据《劳动合同法实施条例》第十九条",
                    kind: .choice([unchosen] + (1...14).map { (String($0), "第\($0)项") })),
                .init(name: "occurredOn", label: "解除日期", kind: .date),
            ],
            sample: .endLabourContract(occurredOn: Day(ordinal: 0), article19Item: 3),
            effectiveLabel: "报告日期"
        ) { fields in
            guard let item = fields.text("article19Item").flatMap({ Int($0) }) else {
                throw InvalidInput("article19Item", "请选择第十九条的项")
            }
            return .endLabourContract(occurredOn: try day(fields, "occurredOn"), article19Item: item)
        },
        situationForm("recordDeath", "登记死亡", rule: "X8", dayLabel: "死亡日期") { .recordDeath(occurredOn: $0) }
            .unlessReported(.died),
        CommandForm(
            type: "recommend", title: "提出降级或退出管理的建议", rule: "D3",
            fields: [.init(name: "outcome", label: "建议", kind: .choice(outcomes))],
            sample: .recommend(outcome: .downgrade)
        ) { .recommend(outcome: try choice($0, "outcome", "请选择一项建议")) }
        .shown { !$0.pendingReports.isEmpty && $0.openRecommendation == nil },
        CommandForm(
            type: "decideRecommendation", title: "核实决定（降级或退出管理的建议）", rule: "D3",
            fields: [.init(name: "outcome", label: "决定", kind: .choice(outcomes))],
            sample: .decideRecommendation(outcome: .downgrade)
        ) { .decideRecommendation(outcome: try choice($0, "outcome", "请选择一项决定")) }
        .shown { $0.openRecommendation != nil },
        CommandForm(
            type: "verifyExitSituation", title: "核实退出情形", rule: "X9",
            fields: [
                .init(
                    name: "situation", label: "所报情形",
                    kind: .choice([unchosen] + ExitReason.allCases.map { ($0.rawValue, $0.chineseName) }),
                    offered: { state, _ in
                        state.pendingExitReports.map {
                            ($0.reason.rawValue, "\($0.reason.chineseName)（\($0.occurredOn)发生）")
                        }
                    }),
                .init(
                    name: "confirmed", label: "核实结果",
                    kind: .choice([unchosen, ("true", "属实，退出管理"), ("false", "不属实，撤销报告（所报为退休的，退休记录一并撤销）")])),
                .init(name: "finding", label: "核实情况", kind: .text),
            ],
            sample: .verifyExitSituation(reason: .retiredNotRehired, confirmed: true, finding: "-")
        ) {
            .verifyExitSituation(
                reason: try choice($0, "situation", "请选择所报情形"), confirmed: try confirmed($0),
                finding: try text($0, "finding"))
        }
        .shown(when: \.hasReportedExitSituation)
        .naming(member: "reason", field: "situation"),
        CommandForm(
            type: "findFraud", title: "查实弄虚作假", rule: "F1",
            fields: [.init(name: "finding", label: "查实情况", kind: .text)]
                + FraudMeasure.allCases.map {
                    // The one measure with an effect beyond the record: said where it is chosen (F1).
                    let effect = $0 == .suspendUnitEvaluationWork ? "（所在单位的人才认定自即日起暂停，至省人社厅恢复）" : ""
                    return .init(name: "measure-\($0.rawValue)", label: "处理方式：\($0.chineseName)\(effect)", kind: .check)
                },
            sample: .findFraud(finding: "-", measures: [.talkToHead])
        ) { fields in
            .findFraud(
                finding: try text(fields, "finding"),
                measures: FraudMeasure.allCases.filter { fields["measure-\($0.rawValue)"] == "on" })
        },
        CommandForm(
            type: "payHousingSubsidyInstalment", title: "发放安家补贴", rule: "E4",
            fields: [
                .init(
                    name: "instalment", label: "期次", kind: .choice([unchosen]),
                    offered: { state, occasion in
                        // C2: after the stop, those that fell due before it, recorded on the day they were paid.
                        let subsidy = state.entitlements.housingSubsidy
                        let stopped = subsidy.stoppedOn.map { "；已于\($0)停发，仅补记停发前已发放的" } ?? ""
                        return Self.payable(subsidy, on: occasion).map {
                            (
                                String($0.number),
                                "第\($0.number)期：\(ConsoleVocabulary.yuan($0.amountYuan)) 元（\($0.due)到期\(stopped)）"
                            )
                        }
                    })
            ],
            sample: .payHousingSubsidyInstalment(number: 1), effectiveLabel: "发放日期"
        ) { fields in
            guard let number = fields.text("instalment").flatMap({ Int($0) }) else {
                throw InvalidInput("instalment", "请选择已到期的期次")
            }
            return .payHousingSubsidyInstalment(number: number)
        }
        // C2: after the stop, dated the day before it (today would be refused), for the clerk to set the day paid.
        .dated { state, _ in state.entitlements.housingSubsidy.stoppedOn?.adding(days: -1) }
        // E4: drawn once an instalment has fallen due and is not paid; C2: after the subsidy stopped, while
        // one that fell due before the stop is not recorded as paid.
        .shown { state, occasion in !Self.payable(state.entitlements.housingSubsidy, on: occasion).isEmpty },
        // M3: evaluated again, at the same tier or another, a new management period starts; after an exit,
        // once C3 allows it.
        CommandForm(
            type: "evaluate", title: "重新认定（开始新的管理期）", rule: "M3、C3",
            fields: evaluationFields(tier: "认定层次", EvaluationRecordStart.reevaluating),
            sample: .evaluate(sampleEvaluation), effectiveLabel: "认定生效日期",
            build: { fields, talent in .evaluate(try evaluation(fields, of: talent)) }
        )
        .shown { state, occasion in state.mayBeEvaluatedAgain(on: occasion.today, policy: occasion.policy) },
        // M2, T3, T4: the record of the evaluation the tier stands on, corrected from its first day; its tier
        // and unit are the record's (a re-evaluation or a move changes those).
        CommandForm(
            type: "correctEvaluation", title: "更正认定记录", rule: "M2、T3、T4",
            fields: evaluationFields(tier: "认定层次（不可更改）", EvaluationRecordStart.correcting)
                + [.init(name: "correctionReason", label: "更正原因（原记录有误之处及依据）", kind: .text)],
            sample: .correctEvaluation(sampleEvaluation, reason: "-"), effectiveLabel: "登记日期",
            build: { fields, talent in
                .correctEvaluation(
                    try evaluation(fields, of: talent), reason: try text(fields, "correctionReason"))
            }
        )
        .shown { $0.evaluatedOn != nil }
        .naming(member: "reason", field: "correctionReason"),
    ]

    /// G1, G2: a grade is given, or marked pending, once the talent is registered for the end-term
    /// assessment, while its result is not final (G6) and no investigation waits for its conclusion.
    static func gradable(_ record: CampaignRecord, _ state: Talent, _ occasion: FormOccasion) -> Bool {
        record.endTermRegisteredOn != nil && record.confirmedOn == nil && state.status != .pendingInvestigation
    }

    /// G6, P3: a result given and not yet final, which the talent may object to, is told of and made final.
    static func resultOpen(_ record: CampaignRecord, _ state: Talent, _ occasion: FormOccasion) -> Bool {
        record.grade != nil && record.confirmedOn == nil
    }

    /// G6, P1, P3, G2: a result is made final once the talent was told of it in writing, its publicity (where
    /// the policy publicizes its grade and the talent is not classified) has ended, no objection waits
    /// (where the policy says one blocks) and no investigation does.
    static func finalizable(_ record: CampaignRecord, _ state: Talent, _ occasion: FormOccasion) -> Bool {
        let policy = occasion.policy.publicity
        guard resultOpen(record, state, occasion), record.notifiedOn != nil, state.status != .pendingInvestigation,
            let grade = record.grade
        else { return false }
        let publicized = policy.publicizedGrades.contains(grade) && !state.isClassified
        return (!publicized || record.publicity?.endedOn != nil)
            && (!policy.unresolvedObjectionBlocksFinalization || record.openObjections.isEmpty)
    }

    /// D3's outcomes, as a recommendation and a decision choose among them: none chosen until the person
    /// chooses (a decision takes effect at once).
    static let outcomes = [unchosen] + RecommendationOutcome.allCases.map { ($0.rawValue, $0.chineseName) }

    /// The first option of a choice nobody should make by not looking: nothing, which the form refuses.
    static let unchosen = (value: "", label: "请选择")

    /// The moves of the move's form, in the order it offers them.
    static let moves: [RelocationKind] = [
        .withinProvince, .outOfProvinceBranchPosting, .outOfProvince, .civilService, .unrelatedPost,
    ]

    /// The title of the form of `type`, as the page says what was recorded.
    static func title(of type: String) -> String? { all.first { $0.type == type }?.title }
}
