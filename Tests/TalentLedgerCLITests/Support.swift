import EventStore
import ReadModels

/// A provincial office, its education department and the provincial units under it (each `(id, name)`),
/// registered in `store`: the chain unit → department → office of O1.
func registerEducationDepartment(units: [(String, String)], in store: EventStore) async throws {
    let organizations =
        [
            Organization(
                id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil),
            Organization(
                id: "dept", name: "省教育厅", shortName: "教育厅", kind: .provincialDepartment, parentID: "prov", region: nil),
        ]
        + units.map { id, name in
            Organization(
                id: id, name: name, shortName: String(name.prefix(2)), kind: .provincialUnit, parentID: "dept",
                region: nil)
        }
    try await store.appendBulk(try organizations.map { try OrganizationStream.registration($0, on: "2016-01-01") })
}
