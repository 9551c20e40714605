// recovery.hpp — rebuild the order store and positions from the journal after a restart.
//
// Sequence on start-up (issue 6 "Journal and recovery"):
//   1. recover_from_journal(): replay every valid record through OrderManager::replay.
//   2. Open the JournalWriter with the returned truncate_to/next_seq so new records follow
//      the valid prefix (a torn tail is cut off, not appended after), and attach it with
//      OrderManager::set_journal().
//   3. OrderManager::finish_recovery(): Submitting → Unknown (journaled into the new
//      writer); this run's ids are never reused.
//   4. Reconcile with the venue (reconciler.hpp) before trading: orders paused meanwhile.
// Thread: the sequencer thread (or main, before the pipeline starts). Cold path.
#pragma once
#include <cstdint>
#include <string>

#include "engine/journal.hpp"
#include "engine/order_manager.hpp"

namespace xtb::engine {

struct RecoveryReport {
  JournalReadStats read;          ///< what the reader found (torn tail, corruption, drops)
  std::uint32_t live_orders = 0;        ///< live after replay (Submitting/Unknown included)
  std::uint32_t submitting_orders = 0;  ///< fate unknown: finish_recovery makes them Unknown
  std::uint64_t truncate_to = 0;  ///< JournalWriterConfig::truncate_to
  std::uint64_t next_seq = 1;     ///< JournalWriterConfig::next_seq
};

/// Replays `path` into `m` (freshly constructed; replay never journals). Throws std::runtime_error when the file was written by another
/// format version (it is left untouched), std::system_error on I/O errors.
RecoveryReport recover_from_journal(const std::string& path, OrderManager& m);

}  // namespace xtb::engine
