// journal_instruments.hpp — symbol ids in a journal, mapped back to instruments.
//
// A SymbolId is a dense index the process assigns when it loads the venues' symbol lists
// (market/symbol_table.hpp). The next process may assign other ids — a venue delists a
// market, lists one earlier in its list, or another venue is configured first — and a
// journal replayed with the old ids would put orders and positions on the wrong instrument.
// So the OrderManager journals an Instrument record (journal_format.hpp: id, venue, name)
// the first time this process journals a record that uses an id (it names ids through
// InstrumentNames, which the sequencer gives it over the symbol table), and recovery rewrites every
// symbol id it replays (OrderCommand of an Intent, the positions of an Account record,
// LocalRecord) to the id the current table gives that (venue, name).
//
// An id with no Instrument record before it (a version-1 journal) is kept as it is
// (counted `unmapped`). An instrument the venue no longer lists becomes kNoSymbol
// (counted `lost`, its names kept for the start-up log): the engine then keeps the order
// by client id, and reconciliation settles it with the venue.
// Thread: cold path (start-up). Allocates.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/journal_format.hpp"

namespace xtb::engine {

/// How the journal names a symbol id: the process's symbol table, seen from the engine
/// (which does not depend on market/). Any thread that may journal; no allocation.
class InstrumentNames {
 public:
  virtual Venue venue(SymbolId id) const noexcept = 0;
  virtual std::string_view name(SymbolId id) const noexcept = 0;
  /// Ids are < capacity() (the table's fixed capacity: it may grow up to it).
  virtual std::size_t capacity() const noexcept = 0;

 protected:
  ~InstrumentNames() = default;
};

/// The symbol ids a record uses (Intent, Account, Local); returns how many were written to `out`.
std::size_t record_symbols(RecordType t, const void* payload, std::uint16_t len, SymbolId (&out)[4]) noexcept;

/// The Instrument record of (`venue`, `name`) as `symbol`; a name longer than 32 bytes is cut.
InstrumentRecord make_instrument_record(SymbolId symbol, Venue venue, std::string_view name) noexcept;

/// The current id of (venue, name), or kNoSymbol when the venue no longer lists it.
using InstrumentResolver = std::function<SymbolId(Venue, std::string_view)>;

struct SymbolRemapStats {
  std::uint64_t instruments = 0;  ///< Instrument records read
  std::uint64_t moved = 0;        ///< symbol fields whose id changed
  std::uint64_t unmapped = 0;     ///< symbol fields with no Instrument record before them (kept)
  std::uint64_t lost = 0;         ///< symbol fields of instruments no longer listed (→ kNoSymbol)
  std::vector<std::string> lost_names;  ///< "venue-id:NAME" of each lost instrument, once
};

class SymbolRemap {
 public:
  explicit SymbolRemap(InstrumentResolver resolve) : resolve_(std::move(resolve)) {}

  /// Learns from an Instrument record, or rewrites the symbol ids of `r` in place.
  void apply(JournalRecord& r);
  const SymbolRemapStats& stats() const noexcept { return stats_; }

 private:
  SymbolId map(SymbolId journal_id);

  InstrumentResolver resolve_;
  std::unordered_map<SymbolId, SymbolId> ids_;  ///< journal id → current id (kNoSymbol: lost)
  std::unordered_map<SymbolId, std::string> names_;
  SymbolRemapStats stats_;
};

}  // namespace xtb::engine
