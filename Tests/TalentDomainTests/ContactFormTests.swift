// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like O3 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("The contact form (O3)")
struct ContactFormTests {
    @Test func O3_aDepartmentsContactFormIsDueByTheCampaignsDeadlineAndSentOnce() throws {
        let campaign = try policy().campaign(year: 2025)
        let unsent = ContactForm(department: "dept-edu")
        #expect(!unsent.isLate(in: campaign, on: try day("2025-12-31")))
        #expect(unsent.isLate(in: campaign, on: try day("2026-01-01")))
        let sent = try unsent.send(reference: "吉教人〔2025〕9号", in: campaign, on: try day("2025-12-20"))
        #expect(!sent.isLate(in: campaign, on: try day("2026-03-01")))
        #expect(throws: Refusal.self) { try sent.send(reference: "again", in: campaign, on: try day("2025-12-21")) }
        #expect(throws: Refusal.self) { try unsent.send(reference: "", in: campaign, on: try day("2025-12-21")) }
        // A reference is one line.
        #expect(throws: Refusal.self) {
            try unsent.send(reference: "吉教人〔2025〕9号\n已核实", in: campaign, on: try day("2025-12-21"))
        }
        #expect(
            try unsent.send(reference: "迟报", in: campaign, on: try day("2026-01-05")).isLate(
                in: campaign, on: try day("2026-01-05")))
        // Not before the campaign's work opens (the notice's day): a day mistyped.
        let early = #expect(throws: Refusal.self) {
            try unsent.send(reference: "吉教人〔2025〕8号", in: campaign, on: try day("2025-12-11"))
        }
        #expect(early?.rule == .O3)
        #expect(early?.field == "effectiveOn")
        #expect(
            try unsent.send(reference: "吉教人〔2025〕8号", in: campaign, on: campaign.workOpens).sentOn == campaign.workOpens
        )
        // The deadline's own day is within it.
        #expect(
            !(try unsent.send(reference: "吉教人〔2025〕10号", in: campaign, on: try day("2025-12-31")).isLate(
                in: campaign, on: try day("2026-01-05"))))
    }
}
