import Foundation
import ReadModels
import TalentDomain

/// Charts drawn on the server as SVG: no script and nothing fetched, readable by a screen reader through
/// their titles and text alternatives.
enum Charts {
    /// Horizontal bars, one per item, with the value written beside each.
    static func bars(_ items: [(label: String, value: Int)], title: String) -> String {
        let height = 26
        // Room for the longest label (a CJK character is about 12 units wide at this size).
        let labelWidth = max(60, min(280, (items.map(\.label.count).max() ?? 0) * 12 + 12))
        let width = 520
        let maximum = max(1, items.map(\.value).max() ?? 1)
        var svg = """
            <svg class="chart" viewBox="0 0 \(width) \(items.count * height + 6)" role="img" aria-label="\(Markup.escaped(title))：\
            \(Markup.escaped(items.map { "\($0.label) \($0.value)" }.joined(separator: "，")))">
            <title>\(Markup.escaped(title))</title>
            """
        for (index, item) in items.enumerated() {
            let y = index * height + 4
            let length = Int(Double(width - labelWidth - 60) * Double(item.value) / Double(maximum))
            svg += """
                <text x="\(labelWidth - 8)" y="\(y + 15)" text-anchor="end" class="label">\(Markup.escaped(item.label))</text>\
                <rect x="\(labelWidth)" y="\(y)" width="\(max(length, item.value > 0 ? 2 : 0))" height="18" class="bar bar\(index % 6)"/>\
                <text x="\(labelWidth + length + 6)" y="\(y + 15)" class="value">\(item.value)</text>
                """
        }
        return svg + "</svg>"
    }

    /// A progress bar: `done` of `total`, with the numbers written beside it.
    static func progress(done: Int, total: Int, label: String) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 0
        let length = Int(200 * fraction)
        return """
            <svg class="progress" viewBox="0 0 300 16" role="img" aria-label="\(Markup.escaped(label))：\(done)/\(total)">\
            <rect x="0" y="2" width="200" height="12" class="track"/><rect x="0" y="2" width="\(length)" height="12" class="done"/>\
            <text x="208" y="13" class="value">\(done)/\(total)</text></svg>
            """
    }

    /// The years marked on a strip from `first` to `last`: every year, or on a long strip (a page as of a
    /// day decades ahead) every second, fifth, tenth … year, so that the strip keeps at most
    /// ``maximumYearMarks`` marks whatever day it is drawn to.
    static func yearMarks(from first: Int, through last: Int) -> StrideThrough<Int> {
        let span = max(0, last - first)
        var step = 1
        for factor in [2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] where span / step >= maximumYearMarks {
            step = factor
        }
        let start = (first + step - 1) / step * step
        return stride(from: start, through: last, by: step)
    }

    static let maximumYearMarks = 20

    /// The narrowest a card's suspension or withdrawal is drawn (its stripes need some room to be seen), and
    /// a tier's band: a change of a few days ago is a sliver on a strip of years.
    static let minimumCardChangeWidth = 8

    /// The width a year's label takes on the strip (four digits of the stylesheet's year labels, with room).
    static let yearLabelWidth = 30

    /// A talent's history as a strip: its tier as bands over the years, its 吉享卡 and 吉健卡 below, and a
    /// mark for each fact. The strip is a picture of the table under it, which says in words what each band
    /// shows (the tier and both cards after each fact): nothing in it is a link or holds the only copy of a
    /// fact, and the cards' states differ in shape (stripes, a solid or an empty band), not in colour alone.
    static func timeline(_ entries: [TimelineEntry], until today: Day) -> String {
        let facts = entries.sorted { ($0.effectiveDate, $0.version) < ($1.effectiveDate, $1.version) }
        guard let first = facts.first?.effectiveDate else { return "" }
        let start = first.ordinal - 30
        let end = max(today.ordinal, facts.last?.effectiveDate.ordinal ?? today.ordinal) + 30
        let width = 900
        let left = 70
        func x(_ day: Day) -> Int {
            left + Int(Double(width - left - 10) * Double(day.ordinal - start) / Double(max(1, end - start)))
        }
        var svg = """
            <svg class="timeline" viewBox="0 0 \(width) 128" role="img" aria-label="层次、吉享卡和吉健卡随时间的变化，共\(facts.count)项记录，每项记录之后的层次和证卡状态见下表">
            <title>人才时间轴</title>
            <defs><pattern id="card-suspended-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="6" height="6" class="suspended-base"/><rect width="2" height="6" class="stripe"/></pattern>\
            <pattern id="card-takenBack-line" width="8" height="16" patternUnits="userSpaceOnUse">\
            <rect width="8" height="16" class="takenBack-base"/><rect y="7" width="8" height="2" class="stripe"/></pattern></defs>
            <text x="0" y="30" class="label">层次</text><text x="0" y="58" class="label">吉享卡</text>\
            <text x="0" y="80" class="label">吉健卡</text>
            """
        // Bands: from each fact to the next, the tier (and card) the fact left the talent with, in date order
        // (the order a screen reader says their titles in); a fact that left a row as it was (a survey, a
        // payment) extends the band before it, which starts where its state began. A tier held, or a card
        // suspended or withdrawn, for a few weeks (or since a few days ago) is a sliver on a strip of years:
        // drawn at least ``minimumCardChangeWidth`` wide (``placed(_:)``).
        struct Band<State: Equatable> {
            var from: Day
            var until: Day
            let state: State
        }
        func bands<State: Equatable>(_ state: (Talent) -> State) -> [Band<State>] {
            var bands: [Band<State>] = []
            for (index, entry) in facts.enumerated() {
                let until = index + 1 < facts.count ? facts[index + 1].effectiveDate : max(today, entry.effectiveDate)
                // A state a later fact of the same day replaced lasted no day: nothing to draw.
                guard until > entry.effectiveDate || index + 1 == facts.count else { continue }
                let value = state(entry.stateOnItsDay)
                if let last = bands.last, last.state == value {
                    bands[bands.count - 1].until = until
                } else {
                    bands.append(Band(from: entry.effectiveDate, until: until, state: value))
                }
            }
            return bands
        }
        // The tier held, or out of management the status, said in words.
        struct TierShown: Equatable {
            let tier: Tier?
            let text: String
        }
        let tiers = bands { state in
            let tier = state.isUnderManagement ? state.tier : nil
            return TierShown(tier: tier, text: tier.map { "\($0.rawValue)类" } ?? state.status.chineseName)
        }
        for (band, place) in zip(tiers, placed(tiers.map { (x($0.from), x($0.until)) })) {
            let tier = band.state.tier
            let tierClass = tier.map { "tier\($0.rawValue)" } ?? "tierNone"
            svg += """
                <rect x="\(place.start)" y="14" width="\(place.end - place.start)" height="24" class="\(tierClass)"><title>\(band.from) 起：\(Markup.escaped(band.state.text))</title></rect>
                """
            if place.end - place.start > 34 {
                // Dark text on the pale band of no tier, white on the tiers' dark fills.
                let textClass = tier == nil ? "band pale" : "band"
                svg +=
                    "<text x=\"\(place.start + 4)\" y=\"31\" class=\"\(textClass)\">\(Markup.escaped(band.state.text))</text>"
            }
        }
        for (row, name, card) in [
            (46, "吉享卡", \Talent.entitlements.jixiangCard), (68, "吉健卡", \Talent.entitlements.jijianCard),
        ] {
            let cardBands = bands { $0[keyPath: card] }
            for (band, place) in zip(cardBands, placed(cardBands.map { (x($0.from), x($0.until)) })) {
                // A suspension striped, a card taken back crossed by a line (the patterns above): presentation
                // attributes, which the stylesheet leaves alone for these classes.
                let fill =
                    switch band.state {
                    case .suspended: " fill=\"url(#card-suspended-stripes)\""
                    case .takenBack: " fill=\"url(#card-takenBack-line)\""
                    case .active, .none: ""
                    }
                svg += """
                    <rect x="\(place.start)" y="\(row)" width="\(place.end - place.start)" height="16" class="card-\(band.state.rawValue)"\(fill)><title>\(band.from) 起：\(name)\(ConsoleVocabulary.card(band.state))</title></rect>
                    """
            }
        }
        for entry in facts {
            let position = x(entry.effectiveDate)
            svg += """
                <circle cx="\(position)" cy="96" r="5" class="mark"><title>\(entry.effectiveDate) \(Markup.escaped(ConsoleVocabulary.event(entry.type)))\(entry.ruleID.map { "（\($0)）" } ?? "")</title></circle>
                """
        }
        for year in yearMarks(from: Day(ordinal: start).year + 1, through: Day(ordinal: end).year) {
            guard let day = try? Day(year: year, month: 1, day: 1) else { continue }
            // A label that would run past the strip's right edge (the last year of a strip drawn to about
            // today) ends at its line instead of starting there.
            let fits = x(day) + 2 + yearLabelWidth <= width
            let label =
                fits
                ? "<text x=\"\(x(day) + 2)\" y=\"122\" class=\"year\">"
                : "<text x=\"\(x(day) - 2)\" y=\"122\" text-anchor=\"end\" class=\"year\">"
            svg +=
                "<line x1=\"\(x(day))\" y1=\"10\" x2=\"\(x(day))\" y2=\"104\" class=\"year\"/>\(label)\(year)</text>"
        }
        // In a box that scrolls sideways on a narrow screen, where the strip keeps a width its labels
        // can be read at; then the cards' legend in words.
        return """
            <div class="scroll" role="region" tabindex="0" aria-label="时间轴（可左右滚动）">\(svg)</svg></div>\(cardLegend)
            """
    }

    /// Where a row's bands are drawn, given where their days fall (`spans`, in date order, each from where
    /// the one before ends): each at least ``minimumCardChangeWidth`` wide, widened to its left so that it
    /// still ends where its days end (a change of today is seen at today, and the strip's right edge is
    /// never passed); a band before it gives way. None starts left of the strip's first day.
    static func placed(_ spans: [(from: Int, to: Int)]) -> [(start: Int, end: Int)] {
        let leftEdge = spans.first?.from ?? 0
        var placed = Array(repeating: (start: 0, end: 0), count: spans.count)
        var next = Int.max
        for index in spans.indices.reversed() {
            let end = min(spans[index].to, next)
            let start = max(leftEdge, min(spans[index].from, end - minimumCardChangeWidth))
            placed[index] = (start, max(start, end))
            next = start
        }
        return placed
    }

    /// The cards' states as the strip draws them, each beside its name.
    static let cardLegend =
        "<p class=\"legend\">证卡："
        + [CardStatus.active, .suspended, .takenBack, .none].map {
            "<span class=\"swatch card-\($0.rawValue)\" aria-hidden=\"true\"></span>\(ConsoleVocabulary.card($0))"
        }.joined(separator: " ") + "</p>"
}
