// instrument_names.hpp — the symbol table as the journal's InstrumentNames
// (engine/journal_instruments.hpp): what a symbol id means in this process, so the journal
// can say it before the id's first use. Threads: any (the table's readers are lock-free).
#pragma once
#include "engine/journal_instruments.hpp"
#include "market/symbol_table.hpp"

namespace xtb {

class TableInstrumentNames final : public engine::InstrumentNames {
 public:
  explicit TableInstrumentNames(const SymbolTable& t) noexcept : t_(t) {}
  Venue venue(SymbolId id) const noexcept override { return t_.venue(id); }
  std::string_view name(SymbolId id) const noexcept override { return t_.name(id); }
  std::size_t capacity() const noexcept override { return t_.capacity(); }

 private:
  const SymbolTable& t_;
};

}  // namespace xtb
