import Foundation
import TalentApplication
import TalentDomain
import TalentLedgerTesting

extension TestClock {
    /// Sets the clock to noon of `day` in China.
    func set(day: String) throws {
        set(BusinessDay.moment(try Day(day), seconds: 12 * 3600))
    }
}
