// recovery.hpp — the start-up decision on an existing journal, and the rebuild of the
// order store and positions from it after a restart. Policy: docs/journal.md.
//
// Sequence on start-up (issue 6 "Journal and recovery", issue 12 "Never trade twice"):
//   1. check_journal(): validate the bytes (nothing is written). Verdicts:
//        Empty     0 bytes: no history (start with a warning: earlier orders of this run
//                  are known only to the venue; reconciliation adopts them)
//        Valid     every byte is a valid record, the first one a Version record
//        TornTail  valid, then an incomplete final record (a write interrupted by a
//                  crash: less than one record, holding no later record header) — the
//                  only bytes ever cut from a journal
//        Refuse    anything else: not a journal (no Version record first: random bytes,
//                  a YAML file), another format version, or damage (bad magic/length,
//                  CRC mismatch, sequence hole — anywhere, the last record included).
//                  The file is left untouched; `xtb journal inspect|repair` salvage it.
//   2. recover_from_journal() / recover_from_bytes(): refuse (JournalRefused) or replay
//      every valid record through OrderManager::replay (which shows every client id to
//      the allocator: none is ever issued again).
//   3. Open the JournalWriter with the returned truncate_to/next_seq (and expect_size) so
//      new records follow the valid prefix, and attach it with OrderManager::set_journal().
//   4. OrderManager::finish_recovery(): Submitting → Unknown (journaled into the new
//      writer).
//   5. Reconcile with the venue (reconciler.hpp) before trading: orders paused meanwhile.
// Thread: the sequencer thread (or main, before the pipeline starts). Cold path.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/journal.hpp"
#include "engine/journal_instruments.hpp"
#include "engine/order_manager.hpp"

namespace xtb::engine {

enum class JournalVerdict : std::uint8_t { Empty, Valid, TornTail, Refuse };
const char* to_string(JournalVerdict v) noexcept;

struct JournalCheck {
  JournalVerdict verdict = JournalVerdict::Empty;
  JournalReadStats read;  ///< what the reader found; read.valid_end = where validity stops
  /// Refuse / TornTail: one line saying what is wrong and where (byte offset, seq, how
  /// many valid records precede it, how many bytes follow); empty otherwise.
  std::string problem;
  bool refused() const noexcept { return verdict == JournalVerdict::Refuse; }
};

/// The start-up decision for these journal bytes (the whole file). Never throws.
JournalCheck check_journal(const std::uint8_t* data, std::size_t size);

/// Thrown by recover_*() when check_journal() refuses the file (it was not changed).
class JournalRefused : public std::runtime_error {
 public:
  JournalRefused(const std::string& what, JournalCheck c) : std::runtime_error(what), check(std::move(c)) {}
  JournalCheck check;
};

struct RecoveryReport {
  JournalCheck check;             ///< Empty, Valid or TornTail (Refuse throws)
  JournalReadStats read;          ///< = check.read
  std::uint32_t live_orders = 0;        ///< live after replay (Submitting/Unknown included)
  std::uint32_t submitting_orders = 0;  ///< fate unknown: finish_recovery makes them Unknown
  std::uint64_t truncate_to = 0;  ///< JournalWriterConfig::truncate_to (= read.valid_end)
  std::uint64_t next_seq = 1;     ///< JournalWriterConfig::next_seq
  std::uint64_t size = 0;         ///< JournalWriterConfig::expect_size: the bytes checked
  SymbolRemapStats symbols;       ///< journal symbol ids mapped to this process's (with a resolver)
};

/// Checks `data` and replays it into `m` (freshly constructed; replay never journals).
/// With `resolve`, every symbol id is first mapped to this process's id of the same
/// instrument (journal_instruments.hpp); without, ids are taken as written (tests).
/// Throws JournalRefused (the check says why) before replaying anything.
RecoveryReport recover_from_bytes(const std::uint8_t* data, std::size_t size, OrderManager& m,
                                  const InstrumentResolver& resolve = {});

/// Reads `path` (a missing file reads as empty), then recover_from_bytes(). Throws
/// JournalRefused, std::system_error on I/O errors, std::runtime_error for a path that is
/// not a regular file; the messages name the path. Never writes.
RecoveryReport recover_from_journal(const std::string& path, OrderManager& m,
                                    const InstrumentResolver& resolve = {});

}  // namespace xtb::engine
