// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 are the register's own spelling.

import ReadModels
import TalentDomain
import Testing

@testable import TalentApplication

/// A small O1 tree: the province office; a city bureau with a county bureau and a county unit under
/// it and a city unit; a provincial department with a provincial unit.
let tree = OrganizationTree([
    Organization(id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil),
    Organization(id: "city", name: "长春市人社局", shortName: "长春", kind: .cityBureau, parentID: "prov", region: "长春"),
    Organization(id: "county", name: "农安县人社局", shortName: "农安", kind: .countyBureau, parentID: "city", region: "长春"),
    Organization(id: "u-county", name: "县医院", shortName: "县医院", kind: .countyUnit, parentID: "county", region: "长春"),
    Organization(id: "u-city", name: "市一中", shortName: "一中", kind: .cityUnit, parentID: "city", region: "长春"),
    Organization(
        id: "dept", name: "省教育厅", shortName: "教育厅", kind: .provincialDepartment, parentID: "prov", region: nil),
    Organization(id: "u-prov", name: "吉林大学", shortName: "吉大", kind: .provincialUnit, parentID: "dept", region: nil),
])

let access = Access(tree: tree)

@Suite("Access: role × place in the O1 tree (O1, O2, SEC2)")
struct AccessTests {
    @Test func O1_aBureauReadsItsSubtreeAndNothingBeside() {
        let city = Caller(id: "c", role: .hrBureau, organization: "city")
        #expect(access.mayRead(talentAnsweredBy: "u-county", caller: city))
        #expect(access.mayRead(talentAnsweredBy: "u-city", caller: city))
        #expect(!access.mayRead(talentAnsweredBy: "u-prov", caller: city))
        let county = Caller(id: "k", role: .hrBureau, organization: "county")
        #expect(access.mayRead(talentAnsweredBy: "u-county", caller: county))
        #expect(!access.mayRead(talentAnsweredBy: "u-city", caller: county))
        let department = Caller(id: "d", role: .supervisingDepartment, organization: "dept")
        #expect(access.mayRead(talentAnsweredBy: "u-prov", caller: department))
        #expect(!access.mayRead(talentAnsweredBy: "u-county", caller: department))
    }

    @Test func SEC2_aUnitOfficerSeesOnlyItsOwnUnit() {
        let officer = Caller(id: "o", role: .unitOfficer, organization: "u-city")
        #expect(access.mayRead(talentAnsweredBy: "u-city", caller: officer))
        #expect(!access.mayRead(talentAnsweredBy: "u-county", caller: officer))
        #expect(!access.mayRead(talentAnsweredBy: nil, caller: officer))
        #expect(access.mayRead(organization: "u-city", caller: officer))
        #expect(!access.mayRead(organization: "city", caller: officer))
    }

    /// A unit officer answers for its own unit: asked about it, it reads that unit, not a unit registered
    /// under it; a bureau asked about the same unit reads its subtree.
    @Test func SEC2_aUnitOfficerAskingAboutItsUnitReadsThatUnitAloneNotWhatIsRegisteredUnderIt() {
        let nested = Access(
            tree: OrganizationTree(
                tree.organizations.values.sorted { $0.id < $1.id } + [
                    Organization(
                        id: "u-lab", name: "市一中实验室", shortName: "实验室", kind: .cityUnit, parentID: "u-city",
                        region: "长春")
                ]))
        let officer = Caller(id: "o", role: .unitOfficer, organization: "u-city")
        #expect(nested.scope(of: officer, within: "u-city") == .units(["u-city"]))
        #expect(nested.scope(of: officer, within: "u-lab") == nil)
        #expect(nested.scope(of: officer, within: "city") == nil)
        let bureau = Caller(id: "c", role: .hrBureau, organization: "city")
        #expect(nested.scope(of: bureau, within: "u-city") == .subtrees(["u-city"]))
        #expect(nested.scope(of: bureau, within: "dept") == nil)
    }

    @Test func SEC2_anAccountWhoseOrganizationDoesNotFitItsRoleSeesNothing() {
        #expect(access.scope(of: Caller(id: "x", role: .hrBureau, organization: "u-city")) == nil)
        #expect(access.scope(of: Caller(id: "x", role: .unitOfficer, organization: "city")) == nil)
        #expect(access.scope(of: Caller(id: "x", role: .supervisingDepartment, organization: "nowhere")) == nil)
        #expect(access.scope(of: Caller(id: "x", role: .unitOfficer)) == nil)
        #expect(
            !access.mayRead(
                talentAnsweredBy: "u-city", caller: Caller(id: "x", role: .hrBureau, organization: "u-city")))
    }

    @Test func theProvinceTheAuditorAndTheSystemReadEverything() {
        for role in [Caller.Role.provinceOffice, .auditor, .system] {
            #expect(access.scope(of: Caller(id: "p", role: role)) == .province)
            #expect(access.mayRead(talentAnsweredBy: "u-prov", caller: Caller(id: "p", role: role)))
        }
        #expect(Access.mayAudit(Caller(id: "a", role: .auditor)))
        #expect(!Access.mayAudit(Caller(id: "c", role: .hrBureau, organization: "city")))
    }

    @Test func aUnitOfficerRecordsItsTalentsFactsButNotTheProvincesDecisions() {
        let officer = Caller(id: "o", role: .unitOfficer, organization: "u-city")
        #expect(
            access.mayIssue(.registerEndTerm(campaign: 2025), onTalentAnsweredBy: "u-city", caller: officer) == .allowed
        )
        #expect(
            access.mayIssue(.registerEndTerm(campaign: 2025), onTalentAnsweredBy: "u-county", caller: officer)
                == .outOfJurisdiction)
        let verify = TalentCommand.verifyExitSituation(reason: .leftProvince, confirmed: true, finding: "")
        guard case .forbidden(let forbidden) = access.mayIssue(verify, onTalentAnsweredBy: "u-city", caller: officer)
        else {
            Issue.record("a unit officer verified an exit")
            return
        }
        #expect(forbidden.reason.contains("X9"))
        #expect(forbidden.rule == .X9)
        guard
            case .forbidden = access.mayIssue(
                .decideRecommendation(outcome: .downgrade), onTalentAnsweredBy: "u-city", caller: officer)
        else {
            Issue.record("a unit officer decided a recommendation")
            return
        }
        #expect(
            access.mayIssue(verify, onTalentAnsweredBy: "u-city", caller: Caller(id: "p", role: .provinceOffice))
                == .allowed)
    }

    @Test func reviewersAndAuditorsRecordNothing() {
        let command = TalentCommand.registerEndTerm(campaign: 2025)
        for caller in [
            Caller(id: "c", role: .hrBureau, organization: "city"), Caller(id: "a", role: .auditor),
            Caller(id: "d", role: .supervisingDepartment, organization: "dept"),
        ] {
            let unit = caller.role == .supervisingDepartment ? "u-prov" : "u-city"
            guard case .forbidden = access.mayIssue(command, onTalentAnsweredBy: unit, caller: caller) else {
                Issue.record("\(caller.role) recorded a fact")
                continue
            }
        }
        #expect(
            access.mayIssue(
                command, onTalentAnsweredBy: "u-prov", caller: Caller(id: "c", role: .hrBureau, organization: "city"))
                == .outOfJurisdiction)
    }
}

@Suite("Masking of personal data (SEC1, T4)")
struct MaskingTests {
    @Test func SEC1_namesIdNumbersAndPhonesAreMaskedAsTheOfficeWritesThem() {
        #expect(Masking.name("张三") == "张*")
        #expect(Masking.name("张三丰") == "张**")
        #expect(Masking.name("欧阳娜娜") == "欧阳**")
        #expect(Masking.name("欧阳") == "欧*")
        #expect(Masking.name("李") == "*")
        #expect(Masking.nationalID("220102199001011234") == "220102********1234")
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.phone("+86 138-1234-5678") == "138****5678")
        #expect(Masking.phone("12345") == "*****")
    }

    @Test func SEC1_personalDataInFullOnlyForTheOwnUnitAndTheProvince() {
        let own = Caller(id: "o", role: .unitOfficer, organization: "u-city")
        #expect(access.visibility(ofTalentAnsweredBy: "u-city", classified: false, caller: own) == .full)
        #expect(
            access.visibility(
                ofTalentAnsweredBy: "u-city", classified: false, caller: Caller(id: "p", role: .provinceOffice))
                == .full)
        let city = Caller(id: "c", role: .hrBureau, organization: "city")
        #expect(access.visibility(ofTalentAnsweredBy: "u-city", classified: false, caller: city) == .masked)
        #expect(
            access.visibility(ofTalentAnsweredBy: "u-city", classified: false, caller: Caller(id: "a", role: .auditor))
                == .masked)
    }

    @Test func T4_classifiedTalentsAppearToOthersInCountsOnly() {
        let own = Caller(id: "o", role: .unitOfficer, organization: "u-city")
        #expect(access.visibility(ofTalentAnsweredBy: "u-city", classified: true, caller: own) == .full)
        let city = Caller(id: "c", role: .hrBureau, organization: "city")
        #expect(access.visibility(ofTalentAnsweredBy: "u-city", classified: true, caller: city) == .countsOnly)
        #expect(
            access.visibility(ofTalentAnsweredBy: "u-city", classified: true, caller: Caller(id: "a", role: .auditor))
                == .countsOnly)
    }

    @Test func theTreeAnswersChainsAndSubtrees() {
        #expect(tree.chain(of: "u-county").map(\.id) == ["u-county", "county", "city", "prov"])
        #expect(tree.subtree(of: "city").map(\.id) == ["city", "county", "u-city", "u-county"])
        #expect(tree.chain(of: "missing").isEmpty)
    }

    @Test func SEC2_aUnitOfficerDoesNotReachUnitsRegisteredUnderItsUnit() {
        let nested = Access(
            tree: OrganizationTree(
                Array(tree.organizations.values) + [
                    Organization(
                        id: "u-sub", name: "附属医院", shortName: "附院", kind: .provincialUnit, parentID: "u-prov",
                        region: nil)
                ]))
        let parent = Caller(id: "o", role: .unitOfficer, organization: "u-prov")
        #expect(nested.scope(of: parent) == .units(["u-prov"]))
        #expect(nested.mayRead(talentAnsweredBy: "u-prov", caller: parent))
        #expect(!nested.mayRead(talentAnsweredBy: "u-sub", caller: parent))
        #expect(nested.visibility(ofTalentAnsweredBy: "u-sub", classified: true, caller: parent) == .countsOnly)
        // The department above both reads both.
        #expect(
            nested.mayRead(
                talentAnsweredBy: "u-sub", caller: Caller(id: "d", role: .supervisingDepartment, organization: "dept")))
    }

    /// A role records facts exactly when some command is its to issue: a page that asks once, before asking
    /// of each command, draws what asking of each would.
    @Test func aRoleRecordsFactsExactlyWhenSomeCommandIsItsToIssue() {
        let commands: [TalentCommand] = [
            .recordLostContact(since: Day(ordinal: 0)),
            .verifyExitSituation(reason: .died, confirmed: true, finding: "-"),
            .decideRecommendation(outcome: .exit), .suspendServices(reason: "-"),
        ]
        for role in Caller.Role.allCases {
            let caller = Caller(id: "x", role: role, organization: "unit")
            let issuesSome = commands.contains { Access.roleMayIssue($0, caller: caller) == .allowed }
            #expect(Access.recordsFacts(caller) == issuesSome, "\(role)")
        }
    }

    /// A clerk names a unit by its name, full or short, brackets as any input method writes them; a name
    /// several units bear gives them all, and a bureau is no unit a talent moves to.
    @Test func aNameSeveralUnitsBearIsAskedForByIDAndAShortNameOrBracketsFindOne() throws {
        let tree = OrganizationTree([
            Organization(
                id: "u1", name: "吉林大学（第一医院）", shortName: "吉大一院", kind: .provincialUnit, parentID: "d", region: nil),
            Organization(id: "u2", name: "市医院", shortName: "医院", kind: .cityUnit, parentID: "c", region: nil),
            Organization(id: "u3", name: "市医院", shortName: "县医院", kind: .countyUnit, parentID: "k", region: nil),
            Organization(id: "c", name: "市人社局", shortName: "市局", kind: .cityBureau, parentID: "p", region: nil),
        ])
        #expect(tree.employerUnits(named: "吉林大学(第一医院)").map(\.id) == ["u1"])
        #expect(tree.employerUnits(named: "吉大一院").map(\.id) == ["u1"])
        #expect(tree.employerUnits(named: "市医院").map(\.id) == ["u2", "u3"])
        #expect(tree.employerUnits(named: "市人社局").isEmpty, "a bureau is no unit a talent moves to")
        #expect(tree.employerUnits(resembling: "吉林大学", limit: 5).map(\.id) == ["u1"])
    }
}
