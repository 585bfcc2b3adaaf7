import EventStore
import Foundation

/// A unit or an authority of the campaign's chain (条块结合, RULES O1): employer units report up to the
/// authority named by `parentID`, level by level, up to the provincial office.
public struct Organization: Sendable, Hashable, Codable {
    /// The kinds of O1.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 省人社厅, the top of every chain.
        case provincialOffice
        /// 省直主管部门: provincial supervising department.
        case provincialDepartment
        /// 市（州）人社局, including 长白山管委会 and 梅河口市.
        case cityBureau
        /// 县（市、区）人社局
        case countyBureau
        /// 中直驻吉单位 and their subsidiaries → provincial supervising department.
        case centralUnit
        /// 省直单位 → provincial supervising department.
        case provincialUnit
        /// 市直单位 → city HR bureau.
        case cityUnit
        /// 县及以下单位 → county HR bureau.
        case countyUnit
        /// 民营企业 and units without a defined authority → the HR bureau where registered.
        case privateEnterprise

        public var isEmployerUnit: Bool {
            switch self {
            case .centralUnit, .provincialUnit, .cityUnit, .countyUnit, .privateEnterprise: true
            case .provincialOffice, .provincialDepartment, .cityBureau, .countyBureau: false
            }
        }
    }

    public var id: String
    public var name: String
    /// The short name used to name the submission package (`<short name>2025人才考核`, S1).
    public var shortName: String
    public var kind: Kind
    /// The authority this organization reports to; nil only for the provincial office.
    public var parentID: String?
    /// The prefecture-level division (市州) it belongs to, if any.
    public var region: String?

    public init(id: String, name: String, shortName: String, kind: Kind, parentID: String?, region: String?) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.parentID = parentID
        self.region = region
    }
}

/// The events of an organization's stream, `organization-<id>`.
public enum OrganizationStream {
    public static let type = "organization"
    public static let registered = "OrganizationRegistered"

    public static func id(_ organizationID: String) -> String { "organization-\(organizationID)" }

    /// The append that registers `organization` (a new stream).
    public static func registration(
        _ organization: Organization, on date: String, metadata: EventMetadata = EventMetadata()
    )
        throws -> StreamAppend
    {
        StreamAppend(
            streamID: id(organization.id), streamType: type, expected: .noStream,
            events: [try NewEvent(type: registered, payload: organization, metadata: metadata, effectiveDate: date)]
        )
    }
}
