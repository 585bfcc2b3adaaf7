/// The one entrance to the register for every client: the HTTP API, the console, the CLI and the
/// batch jobs.
///
/// `TalentApplication` owns who is calling (``Caller``), what a caller may see and do (``Access``: role
/// × place in the O1 tree, and O2 for a talent who moved), how a command is run
/// (``TalentCommandHandler``), how a question is answered (``RegisterQueries``, with jurisdiction and
/// the masking of personal data, SEC1, applied here once), and the background work a server runs
/// (``ProjectorService``). Clients hold a ``TalentRegister`` and never reach past it to the store.
public enum TalentApplicationModule {}
