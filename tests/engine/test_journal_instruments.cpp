// test_journal_instruments.cpp — a journal's symbol ids survive a restart whose symbol
// table numbers the instruments differently (engine/journal_instruments.hpp).
#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "engine/journal_instruments.hpp"
#include "engine/recovery.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

constexpr Venue kV = static_cast<Venue>(1);

// The writing process's table: id 0 = BTCUSDT, id 1 = ETHUSDT.
struct Names final : InstrumentNames {
  Venue venue(SymbolId id) const noexcept override { return id < 2 ? kV : Venue::None; }
  std::string_view name(SymbolId id) const noexcept override { return id == 0 ? "BTCUSDT" : id == 1 ? "ETHUSDT" : ""; }
  std::size_t capacity() const noexcept override { return 4; }
};

// The sink's records as journal bytes: a Version record first, sequence and CRC as the writer makes them.
std::vector<std::uint8_t> bytes_of(const std::vector<JournalRecord>& recs, std::uint32_t version = kFormatVersion) {
  std::vector<std::uint8_t> out;
  auto put = [&](JournalRecord r, std::uint64_t seq) {
    r.h.seq = seq;
    r.h.crc = record_crc(r.h, r.payload);
    const auto* h = reinterpret_cast<const std::uint8_t*>(&r.h);
    out.insert(out.end(), h, h + sizeof r.h);
    out.insert(out.end(), r.payload, r.payload + r.h.payload_len);
  };
  LocalRecord v{};
  v.kind = LocalKind::Version;
  v.value = version;
  JournalRecord vr{};
  vr.h = RecordHeader{kJournalMagic, RecordType::Version, sizeof v, 1, 0, 0, 0};
  std::memcpy(vr.payload, &v, sizeof v);
  put(vr, 1);
  for (std::size_t i = 0; i < recs.size(); ++i) put(recs[i], i + 2);
  return out;
}

struct Written {
  Engine e;
  Names names;
  std::string btc_id, eth_id;
  Written() {
    e.m.set_instrument_names(&names);
    OrderCommand b = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
    btc_id = std::string(e.m.place(b, 0, 1000).order->client_id.view());
    OrderCommand x = new_order(kEth, Side::Sell, PositionSide::Short, 300'000, 7);
    eth_id = std::string(e.m.place(x, 0, 1001).order->client_id.view());
    OrderCommand b2 = new_order(kBtc, Side::Buy, PositionSide::Long, 599'000, 10);
    e.m.place(b2, 0, 1002);
    AccountUpdate au{};
    au.n_positions = 2;
    au.positions[0] = {kBtc, PositionSide::Long, {}, 4, 600'000, 0, 0};
    au.positions[1] = {kEth, PositionSide::Short, {}, -3, 300'000, 0, 0};
    e.m.on_account(au, 1003);
  }
};

}  // namespace

TEST_CASE("an Instrument record precedes the first record that uses each symbol id, once per id") {
  Written w;
  std::map<SymbolId, std::size_t> first_instrument, first_use;
  std::size_t instruments = 0;
  for (std::size_t i = 0; i < w.e.sink.records.size(); ++i) {
    const JournalRecord& r = w.e.sink.records[i];
    if (r.h.type == RecordType::Instrument) {
      InstrumentRecord ir;
      REQUIRE(payload_as(r, ir));
      CHECK(ir.venue == kV);
      CHECK(std::string(ir.name, ir.len) == (ir.symbol == kBtc ? "BTCUSDT" : "ETHUSDT"));
      CHECK(first_instrument.count(ir.symbol) == 0);  // once per id
      first_instrument[ir.symbol] = i;
      ++instruments;
      continue;
    }
    SymbolId ids[4];
    const std::size_t n = record_symbols(r.h.type, r.payload, r.h.payload_len, ids);
    for (std::size_t k = 0; k < n; ++k)
      if (first_use.count(ids[k]) == 0) first_use[ids[k]] = i;
  }
  CHECK(instruments == 2);
  REQUIRE(first_use.size() == 2);
  for (const auto& [id, at] : first_use) {
    REQUIRE(first_instrument.count(id) == 1);
    CHECK(first_instrument[id] < at);
  }
}

TEST_CASE("recovery maps journal ids to the restarted table's ids of the same (venue, symbol)") {
  Written w;
  const std::vector<std::uint8_t> b = bytes_of(w.e.sink.records);
  // The restarted process lists ETHUSDT first: BTCUSDT is id 1 now, ETHUSDT id 0.
  Engine r;
  const RecoveryReport rep = recover_from_bytes(b.data(), b.size(), r.m, [](Venue v, std::string_view n) {
    if (v != kV) return kNoSymbol;
    return n == "BTCUSDT" ? SymbolId{1} : n == "ETHUSDT" ? SymbolId{0} : kNoSymbol;
  });
  CHECK(rep.symbols.instruments == 2);
  CHECK(rep.symbols.moved >= 4);  // 3 intents + 2 positions of the account record
  CHECK(rep.symbols.unmapped == 0);
  CHECK(rep.symbols.lost == 0);
  ClientOrderId bid{};
  bid.assign(w.btc_id);
  const Order* btc = r.m.store().find(bid);
  REQUIRE(btc != nullptr);
  CHECK(btc->symbol == 1);
  ClientOrderId eid{};
  eid.assign(w.eth_id);
  const Order* eth = r.m.store().find(eid);
  REQUIRE(eth != nullptr);
  CHECK(eth->symbol == 0);
  // Without a resolver the ids are taken as written.
  Engine plain;
  recover_from_bytes(b.data(), b.size(), plain.m);
  CHECK(plain.m.store().find(eid)->symbol == kEth);
}

TEST_CASE("an instrument the venue no longer lists is reported, its orders kept by client id") {
  Written w;
  const std::vector<std::uint8_t> b = bytes_of(w.e.sink.records);
  Engine r;
  const RecoveryReport rep = recover_from_bytes(b.data(), b.size(), r.m, [](Venue, std::string_view n) {
    return n == "BTCUSDT" ? SymbolId{0} : kNoSymbol;  // ETHUSDT delisted
  });
  CHECK(rep.symbols.lost >= 2);  // its intent and its position
  REQUIRE(rep.symbols.lost_names.size() == 1);
  CHECK(rep.symbols.lost_names[0] == "1:ETHUSDT");
  ClientOrderId bid{};
  bid.assign(w.btc_id);
  REQUIRE(r.m.store().find(bid) != nullptr);
  CHECK(r.m.store().find(bid)->symbol == kBtc);
  // Every client id of the journal is still known to the allocator: none is issued again.
  for (int i = 0; i < 50; ++i) CHECK(std::string(r.ids.next().view()) != w.eth_id);
}

TEST_CASE("a format-1 journal (no Instrument records) is still read, its ids taken as they are") {
  Engine e;  // no InstrumentNames: writes like a format-1 process
  OrderCommand c = new_order(kEth, Side::Buy, PositionSide::Long, 300'000, 5);
  const std::string id(e.m.place(c, 0, 1000).order->client_id.view());
  const std::vector<std::uint8_t> b = bytes_of(e.sink.records, 1);
  CHECK(check_journal(b.data(), b.size()).verdict == JournalVerdict::Valid);
  Engine r;
  const RecoveryReport rep = recover_from_bytes(b.data(), b.size(), r.m, [](Venue, std::string_view) { return SymbolId{0}; });
  CHECK(rep.symbols.unmapped == 1);
  ClientOrderId cid{};
  cid.assign(id);
  REQUIRE(r.m.store().find(cid) != nullptr);
  CHECK(r.m.store().find(cid)->symbol == kEth);
  // A version beyond this build's is refused.
  const std::vector<std::uint8_t> future = bytes_of(e.sink.records, kFormatVersion + 1);
  CHECK(check_journal(future.data(), future.size()).verdict == JournalVerdict::Refuse);
}
