// journal_instruments.cpp — see journal_instruments.hpp.
#include "engine/journal_instruments.hpp"

#include <algorithm>
#include <cstring>

namespace xtb::engine {

InstrumentRecord make_instrument_record(SymbolId symbol, Venue venue, std::string_view name) noexcept {
  InstrumentRecord r{};
  r.symbol = symbol;
  r.venue = venue;
  r.len = static_cast<std::uint8_t>(std::min(name.size(), sizeof r.name));
  std::memcpy(r.name, name.data(), r.len);
  return r;
}

std::size_t record_symbols(RecordType t, const void* payload, std::uint16_t len, SymbolId (&out)[4]) noexcept {
  std::size_t n = 0;
  if (t == RecordType::Intent && len == sizeof(OrderCommand)) {
    OrderCommand c;
    std::memcpy(&c, payload, sizeof c);
    out[n++] = c.symbol;
  } else if (t == RecordType::Local && len == sizeof(LocalRecord)) {
    LocalRecord l;
    std::memcpy(&l, payload, sizeof l);
    out[n++] = l.symbol;
  } else if (t == RecordType::Account && len == sizeof(AccountUpdate)) {
    AccountUpdate a;
    std::memcpy(&a, payload, sizeof a);
    const std::size_t k = std::min<std::size_t>(a.n_positions, std::size(a.positions));
    for (std::size_t i = 0; i < k && n < 4; ++i) out[n++] = a.positions[i].symbol;
  }
  return n;
}

SymbolId SymbolRemap::map(SymbolId journal_id) {
  if (journal_id == kNoSymbol) return kNoSymbol;
  const auto it = ids_.find(journal_id);
  if (it == ids_.end()) {
    ++stats_.unmapped;
    return journal_id;
  }
  if (it->second == kNoSymbol) {
    ++stats_.lost;
    const std::string& n = names_[journal_id];
    if (std::find(stats_.lost_names.begin(), stats_.lost_names.end(), n) == stats_.lost_names.end())
      stats_.lost_names.push_back(n);
  } else if (it->second != journal_id) {
    ++stats_.moved;
  }
  return it->second;
}

void SymbolRemap::apply(JournalRecord& r) {
  switch (r.h.type) {
    case RecordType::Instrument: {
      InstrumentRecord i;
      if (!payload_as(r, i) || i.len > sizeof i.name) return;
      const std::string_view name(i.name, i.len);
      ++stats_.instruments;
      ids_[i.symbol] = resolve_(i.venue, name);
      names_[i.symbol] = std::to_string(static_cast<unsigned>(i.venue)) + ":" + std::string(name);
      return;
    }
    case RecordType::Intent: {
      OrderCommand c;
      if (!payload_as(r, c)) return;
      c.symbol = map(c.symbol);
      std::memcpy(r.payload, &c, sizeof c);
      return;
    }
    case RecordType::Account: {
      AccountUpdate a;
      if (!payload_as(r, a)) return;
      const std::size_t n = std::min<std::size_t>(a.n_positions, std::size(a.positions));
      for (std::size_t k = 0; k < n; ++k) a.positions[k].symbol = map(a.positions[k].symbol);
      std::memcpy(r.payload, &a, sizeof a);
      return;
    }
    case RecordType::Local: {
      LocalRecord l;
      if (!payload_as(r, l)) return;
      l.symbol = map(l.symbol);
      std::memcpy(r.payload, &l, sizeof l);
      return;
    }
    default: return;  // Version, Update, Ack carry no symbol id
  }
}

}  // namespace xtb::engine
