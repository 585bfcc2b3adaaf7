/// The read side of TalentLedger.
///
/// `ReadModels` owns how talents' events become answers: the talent stream codec, the projections into
/// tables (current talents, bitemporal tier and card history, organizations, campaign rosters) kept by a
/// subscription, bitemporal replay of one talent from its stream, explained timelines, the queries over
/// the tables (lists of talents with filters and keyset pages, the O1 tree and its figures, rosters),
/// imports and the demo province, and rebuilding and checking the projections. It reaches the events
/// only through `EventStore`; who may ask what is `TalentApplication`'s business.
public enum ReadModelsModule {}
