// journal_open.hpp — `xtb run`'s start-up decision on `engine.journal` (docs/journal.md):
// refuse a damaged or foreign file (left byte-for-byte untouched), or rebuild the engine
// from it. The journal is an append-only log that is never rewritten; the one exception
// is an incomplete final record (less than one record: a write interrupted by a crash),
// which the JournalWriter cuts before appending.
//
//   path missing           → a new journal (the writer creates it; a missing directory
//                            fails there with "journal open: PATH: …", exit 2)
//   not a regular file     → refused (a directory, a device, a pipe)
//   0 bytes                → WARNING (no history: this run_id's earlier orders are known
//                            only to the venue; reconciliation adopts the open ones, and
//                            the id epoch keeps new ids unique), then a new journal
//   engine::check_journal  → Refuse: refused with the path, the byte offset and the reason,
//                            pointing to `xtb journal inspect` / `xtb journal repair`;
//                            Valid / TornTail: replayed into the OrderManager
// Nothing here writes: the caller opens engine::JournalWriter with `writer` (which also
// re-checks the size, takes the file lock and cuts the torn tail), attaches it, then calls
// OrderManager::finish_recovery() when `recovered`.
// Thread: main, cold (start-up). Allocates; throws nothing (refusals are returned).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "market/symbol_table.hpp"
#include "engine/journal.hpp"
#include "engine/order_manager.hpp"
#include "engine/recovery.hpp"

namespace xtb::run {

/// `xtb run` fdatasyncs its journal this often while records are written (on the cold
/// writer thread; and at close): a power loss loses at most about this much history.
inline constexpr std::int64_t kJournalSyncIntervalNs = 1'000'000'000;

struct JournalStart {
  bool refused = false;
  std::string message;             ///< refused: the whole message (path, offset, reason, what to do)
  std::vector<std::string> log;    ///< lines for the run's log (warnings, what was recovered or cut)
  bool recovered = false;          ///< an existing journal was replayed into the OrderManager
  engine::RecoveryReport report;   ///< when recovered
  engine::JournalWriterConfig writer;  ///< path, truncate_to, next_seq, expect_size
};

/// Decides for `path` and, unless refused, replays it into `om` (freshly built), mapping
/// the journal's symbol ids to `symbols`' ids of the same (venue, name).
JournalStart prepare_journal(const std::string& path, engine::OrderManager& om, const SymbolTable& symbols);

}  // namespace xtb::run
