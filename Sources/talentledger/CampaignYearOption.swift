import ArgumentParser
import TalentDomain

/// `--campaign YEAR`: the campaign (考核年度) a command acts on; without it, the policy's current one
/// (`defaultYear` in campaigns.json), so that a command typed in a later year acts on that year's campaign
/// once the province has added it and made it current.
struct CampaignYearOption: ParsableArguments {
    @Option(
        name: .customLong("campaign"),
        help: "The campaign year (default: the policy's current campaign, defaultYear in campaigns.json).")
    var given: Int?

    func year(in policy: Policy) -> Int { given ?? policy.campaigns.defaultYear }
}
