/// The application layer and the read side of TalentLedger.
///
/// `ReadModels` owns how talents' events meet the store: the talent stream codec, command handling
/// (load, decide, append, retry on conflict), the projections into tables (current talents, bitemporal
/// tier and card history, organizations, campaign rosters) kept by a subscription, bitemporal replay of
/// one talent from its stream, explained timelines, and rebuilding and checking the projections.
public enum ReadModelsModule {}
