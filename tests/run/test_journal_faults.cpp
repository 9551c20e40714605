// test_journal_faults.cpp — issue 12 "Never trade twice" (docs/journal.md), suite `run`:
//   * the journal fault suite: the REAL journal of a `kill -9`'d `xtb run` against xtb-sim,
//     damaged at many offsets — truncated at every record boundary and inside every record,
//     a flipped byte in every record's header and payload, its reserved bytes, random
//     bytes, a YAML file, an empty file, garbage / zeros after the end — and for each the
//     start-up decision `xtb run` takes (run::prepare_journal, in-process): refused with
//     the file byte-for-byte untouched, or recovered exactly (the order store and positions
//     equal the recovery of the same valid prefix of the intact copy; at most one
//     incomplete record cut; no id the allocator issues next is in the intact journal).
//     Then real restarts of `xtb run` against the SAME xtb-sim from a torn tail, a journal
//     cut at a boundary in the middle and an empty journal, and one refused start (exit
//     2, no order sent); at the end no client order id was filled under two venue
//     orderIds (the simulator's ledger). The counts are printed (MESSAGE) and CHECKed.
//   * D2: a journal on a full file system (tmpfs; root only, else skipped with a message):
//     the write error stops the run (kill switch) with a non-zero exit and the summary
//     says how many records were lost; a restart from that journal reuses no id.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "app/run/journal_open.hpp"
#include "engine/journal.hpp"
#include "engine/recovery.hpp"
#include "run_harness.hpp"
#include "sim/capture.hpp"
#include "venue/binance/exchange_info.hpp"

using namespace xtb;
using namespace xtb::runtest;

namespace {

constexpr int kRunTimeoutMs = 60'000;
constexpr const char* kRun = "jf";

std::vector<std::uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }
std::string text_of(const std::vector<std::uint8_t>& b) { return {b.begin(), b.end()}; }

/// The instruments the journals' runs traded (xtb-sim serves this exchangeInfo): recovery
/// maps the journal's symbol ids through it (engine/journal_instruments.hpp).
const SymbolTable& venue_symbols() {
  static const SymbolTable t = [] {
    SymbolTable s;
    const auto info = binance::load_exchange_info(
        read_file_maybe_gz(XTB_DATA_DIR "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json"), s);
    REQUIRE_MESSAGE(info.ok(), info.error);
    return s;
  }();
  return t;
}

/// A fresh engine to recover into (symbol ids of any exchangeInfo: generic rules).
struct Rebuild {
  engine::SymbolRulesTable rules{16};
  engine::PositionBook positions;
  engine::RiskGate risk;
  engine::OrderIdAllocator ids;
  engine::OrderManager om;

  static engine::SymbolRulesTable& init(engine::SymbolRulesTable& t) {
    for (SymbolId s = 0; s < 16; ++s) {
      engine::SymbolRules r;
      r.symbol = s;
      r.tick_size = 10'000'000;
      r.step_size = 100'000;
      r.min_px = 1;
      r.max_px = 1'000'000'000;
      r.min_qty = 1;
      r.max_qty = 1'000'000'000;
      t.set(r);
    }
    return t;
  }
  /// `epoch` 1: as if the clock stood at 1970 — recovery alone must keep ids unique.
  explicit Rebuild(std::uint64_t epoch = 1)
      : positions(init(rules)), risk(engine::RiskLimits{}, rules), ids("xtb", kRun, 1, epoch),
        om(engine::OrderManagerConfig{}, ids, positions, risk, nullptr, nullptr) {}

  /// Everything recovery rebuilt, as text (orders by client id, then positions).
  std::string state() const {
    std::map<std::string, std::string> orders;
    om.store().for_each([&](const engine::Order& o) {
      orders[std::string(o.client_id.view())] =
          std::to_string(static_cast<int>(o.status)) + "/" + std::to_string(o.cum_qty) + "/" +
          std::to_string(o.fill_qty) + "/" + std::to_string(o.orig_qty) + "/" + std::to_string(o.px) + "/" +
          std::to_string(o.venue_order_id) + "/" + std::to_string(o.fees) + "/" + std::to_string(o.cancel_requested);
    });
    std::string s;
    for (const auto& [id, v] : orders) s += id + "=" + v + "\n";
    for (SymbolId sym = 0; sym < 16; ++sym)
      for (PositionSide ps : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
        const engine::Position* p = positions.get(sym, ps);
        if (p == nullptr || (p->qty == 0 && p->fills == 0 && !p->venue_known)) continue;
        s += "pos " + std::to_string(sym) + "/" + std::to_string(static_cast<int>(ps)) + ": " + std::to_string(p->qty) +
             "/" + std::to_string(p->fill_qty) + "/" + std::to_string(p->external_qty) + "/" +
             std::to_string(p->open_buy_qty) + "/" + std::to_string(p->open_sell_qty) + "/" +
             std::to_string(p->fees) + "/" + std::to_string(p->venue_qty) + "/" + std::to_string(p->fills) + "\n";
      }
    return s;
  }
};

/// Record start offsets of a valid journal (plus its end).
std::vector<std::size_t> record_starts(const std::vector<std::uint8_t>& j) {
  std::vector<std::size_t> starts{0};
  engine::JournalReader r(j.data(), j.size());
  engine::JournalRecord rec;
  while (r.next(rec)) starts.push_back(r.stats().valid_end);
  return starts;  // starts.back() = end of the last valid record
}

/// Client order ids anywhere in the journal's records (intents, updates, acks, locals).
std::set<std::string> ids_in(const std::vector<std::uint8_t>& j) {
  std::set<std::string> ids;
  engine::JournalReader r(j.data(), j.size());
  engine::JournalRecord rec;
  while (r.next(rec)) {
    OrderCommand c;
    engine::UpdateRecord u;
    OrderAck a;
    engine::LocalRecord l;
    if (engine::payload_as(rec, c)) ids.insert(std::string(c.client_id.view()));
    if (engine::payload_as(rec, u)) ids.insert(std::string(u.update.client_id.view()));
    if (engine::payload_as(rec, a)) ids.insert(std::string(a.client_id.view()));
    if (engine::payload_as(rec, l) && l.client_id.len <= ClientOrderId::kMax) ids.insert(std::string(l.client_id.view()));
  }
  ids.erase("");
  return ids;
}

struct Tally {
  int damaged = 0, refused = 0, exact = 0, empty_warned = 0, torn_cut = 0, failures = 0;
};

/// One damaged variant through `xtb run`'s start-up decision; CHECKs refused-untouched or
/// recovered-exactly. `intact_records_before`: records entirely before the damage.
void try_variant(const std::string& path, const std::vector<std::uint8_t>& damaged, const std::vector<std::uint8_t>& intact,
                 const std::vector<std::size_t>& starts, std::size_t intact_records_before,
                 const std::set<std::string>& intact_ids, const std::string& what, Tally& t) {
  CAPTURE(what);
  write_file(path, text_of(damaged));
  ++t.damaged;
  const int failures_before = t.failures;
  auto fail_if = [&](bool bad, const std::string& msg) {
    if (!bad) return;
    ++t.failures;
    FAIL_CHECK(what << ": " << msg);
  };
  Rebuild rb;
  const run::JournalStart js = run::prepare_journal(path, rb.om, venue_symbols());
  if (js.refused) {
    ++t.refused;
    fail_if(read_file(path) != text_of(damaged), "refused, but the file changed");
    fail_if(js.message.find(path) == std::string::npos, "refusal does not name the path: " + js.message);
    fail_if(js.message.find("byte offset") == std::string::npos, "refusal names no byte offset: " + js.message);
    fail_if(js.message.find("xtb journal inspect " + path) == std::string::npos ||
                js.message.find("xtb journal repair " + path + " --out NEW") == std::string::npos,
            "refusal does not point to inspect / repair: " + js.message);
    fail_if(rb.om.store().size() != 0, "refused after replaying orders");
    return;
  }
  if (damaged.empty()) {
    ++t.empty_warned;
    fail_if(js.log.empty() || js.log[0].find("WARNING") == std::string::npos, "empty journal without a warning");
    fail_if(rb.om.store().size() != 0, "orders from an empty journal");
    ++t.exact;
    return;
  }
  const engine::RecoveryReport& rr = js.report;
  const std::uint64_t n = rr.read.records;
  fail_if(!js.recovered, "accepted but not recovered");
  // The run journaled what its symbol ids mean before using them; the same exchangeInfo
  // maps them back to themselves (nothing unmapped, nothing lost).
  fail_if(rr.symbols.unmapped != 0 || rr.symbols.lost != 0 || rr.symbols.moved != 0,
          "symbol ids not mapped by Instrument records: unmapped " + std::to_string(rr.symbols.unmapped) + ", lost " +
              std::to_string(rr.symbols.lost) + ", moved " + std::to_string(rr.symbols.moved));
  fail_if(n < intact_records_before, "lost valid records before the damage: " + std::to_string(n) + " < " +
                                          std::to_string(intact_records_before));
  fail_if(n + 1 > starts.size(), "more records than the intact journal");
  fail_if(damaged.size() - rr.truncate_to >= sizeof(engine::JournalRecord), "cuts more than one record");
  if (rr.truncate_to < damaged.size()) ++t.torn_cut;
  // Exactly what the intact copy's first n records rebuild.
  Rebuild ref;
  engine::recover_from_bytes(intact.data(), starts[n], ref.om);
  const std::string got = rb.state(), want = ref.state();
  fail_if(got != want, "recovered state differs from the intact prefix of " + std::to_string(n) + " records:\n" + got +
                           "--- want ---\n" + want);
  // The allocator (its clock at 1970) never issues an id of the intact journal.
  rb.om.finish_recovery(1);
  for (int i = 0; i < 50; ++i) {
    const std::string id(rb.ids.next().view());
    if (intact_ids.count(id) != 0) {
      fail_if(true, "would reissue " + id);
      break;
    }
  }
  if (t.failures == failures_before) ++t.exact;
}

/// clientOrderId → venue orderIds of every fill in an xtb-sim dump.
std::map<std::string, std::set<std::string>> fills_by_id(const std::string& dump) {
  std::map<std::string, std::set<std::string>> m;
  const std::regex re("\"orderId\":([0-9]+),\"tradeId\":[0-9]+,\"clientOrderId\":\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(dump.begin(), dump.end(), re); it != std::sregex_iterator(); ++it)
    m[(*it)[2]].insert((*it)[1]);
  return m;
}

int duplicates(const std::map<std::string, std::set<std::string>>& m, std::string& which) {
  int n = 0;
  for (const auto& [id, orders] : m)
    if (orders.size() > 1) {
      ++n;
      which += id + " ";
    }
  return n;
}

/// ordersAccepted + ordersRejected from GET /sim/state: every order the venue was sent.
long venue_orders(const simtest::SimProcess& sim) {
  simtest::ClientLoop cl(sim.cert());
  simtest::RestClient rest(cl, sim.port());
  const simtest::HttpResult r = rest.request("GET", "/sim/state", {}, {});
  std::smatch a, j;
  if (r.status != 200 || !std::regex_search(r.body, a, std::regex("\"ordersAccepted\":([0-9]+)")) ||
      !std::regex_search(r.body, j, std::regex("\"ordersRejected\":([0-9]+)")))
    return -1;
  return std::stol(a[1]) + std::stol(j[1]);
}

/// `xtb run` from `journal` against `sim` for `seconds`; returns the exit code.
int restart(simtest::SimProcess& sim, const std::string& dir, const std::string& journal, const std::string& name,
            Child& xtb, double seconds) {
  REQUIRE(xtb.start(run_args(sim, {"--set", std::string("engine.run_id=") + kRun, "--set", "engine.journal=" + journal,
                                   "--stop-when-flat", "--duration", std::to_string(seconds)}),
                    dir, name));
  return xtb.wait(kRunTimeoutMs);
}

// 2. Damage at many offsets, each through the start-up decision, in-process.
Tally damage_everywhere(const std::string& dir, const std::vector<std::uint8_t>& valid,
                        const std::vector<std::size_t>& starts, const std::set<std::string>& intact_ids) {
  const std::size_t n_records = starts.size() - 1;
  std::size_t instruments = 0;  // the run named its symbol ids before using them (journal_instruments.hpp)
  {
    engine::JournalReader r(valid.data(), valid.size());
    engine::JournalRecord rec;
    while (r.next(rec)) instruments += rec.h.type == engine::RecordType::Instrument ? 1 : 0;
  }
  CHECK(instruments >= 1);
  Tally t;
  const std::string path = dir + "/damaged.journal";
  for (std::size_t k = 0; k < starts.size(); ++k)  // truncated at every record boundary (0 = empty file)
    try_variant(path, std::vector<std::uint8_t>(valid.begin(), valid.begin() + static_cast<long>(starts[k])), valid,
                starts, k, intact_ids, "truncated at boundary " + std::to_string(k), t);
  for (std::size_t k = 0; k < n_records; ++k) {  // truncated inside every record (1 byte in, mid-header, mid-payload)
    const std::size_t len = starts[k + 1] - starts[k];
    for (const std::size_t in : {std::size_t{1}, std::size_t{20}, len / 2 + 16, len - 1}) {
      if (in == 0 || in >= len) continue;
      try_variant(path, std::vector<std::uint8_t>(valid.begin(), valid.begin() + static_cast<long>(starts[k] + in)),
                  valid, starts, k, intact_ids, "truncated " + std::to_string(in) + " bytes into record " + std::to_string(k), t);
    }
  }
  for (std::size_t k = 0; k < n_records; ++k) {  // a flipped byte in every record: magic, length, seq, crc, reserved, payload
    const std::size_t len = starts[k + 1] - starts[k];
    for (const std::size_t at : {std::size_t{1}, std::size_t{6}, std::size_t{7}, std::size_t{9}, std::size_t{25}, std::size_t{29},
                                 std::size_t{32} + (len - 32) / 2, len - 1}) {
      std::vector<std::uint8_t> b = valid;
      b[starts[k] + at] ^= 0x5A;
      try_variant(path, b, valid, starts, k, intact_ids,
                  "byte " + std::to_string(at) + " of record " + std::to_string(k) + " flipped", t);
    }
  }
  std::mt19937 rng(12);
  std::vector<std::uint8_t> rnd(valid.size());
  for (auto& x : rnd) x = static_cast<std::uint8_t>(rng());
  try_variant(path, rnd, valid, starts, 0, intact_ids, "random bytes", t);
  try_variant(path, bytes_of(read_file(simtest::source_path("configs/binance-reduce-only-closer.yaml"))), valid, starts, 0,
              intact_ids, "a YAML config at the journal path", t);
  std::vector<std::uint8_t> tail = valid;  // garbage after the last record (more than one record)
  tail.insert(tail.end(), rnd.begin(), rnd.begin() + 600);
  try_variant(path, tail, valid, starts, n_records, intact_ids, "600 random bytes after the end", t);
  std::vector<std::uint8_t> zeros = valid;  // a power loss: the size grew, the data never came
  zeros.insert(zeros.end(), 4096, 0);
  try_variant(path, zeros, valid, starts, n_records, intact_ids, "4096 zero bytes after the end", t);
  std::vector<std::uint8_t> hole(valid.begin(), valid.begin() + static_cast<long>(starts[n_records / 2]));
  hole.insert(hole.end(), valid.begin() + static_cast<long>(starts[n_records / 2 + 1]), valid.end());
  try_variant(path, hole, valid, starts, n_records / 2, intact_ids, "a record missing in the middle", t);

  return t;
}

// 3. Real restarts against the SAME simulator: three accepted starts from damaged journals
// and one refused start. Returns the number of accepted restarts; `rc_refused` = the refused one's exit code.
int restart_from_damage(simtest::SimProcess& sim, const std::string& dir, const std::vector<std::uint8_t>& valid,
                        const std::vector<std::size_t>& starts, int& rc_refused) {
  const std::size_t n_records = starts.size() - 1;
  const long orders_before = venue_orders(sim);
  REQUIRE(orders_before > 0);
  struct Restart {
    const char* what;
    std::vector<std::uint8_t> bytes;
  };
  const std::size_t mid_boundary = starts[n_records / 2];
  const Restart restarts[] = {
      {"torn tail (cut inside the last record)", std::vector<std::uint8_t>(valid.begin(), valid.end() - 30)},
      {"cut at a record boundary in the middle", std::vector<std::uint8_t>(valid.begin(), valid.begin() + static_cast<long>(mid_boundary))},
      {"empty journal", {}},
  };
  int restarted = 0;
  for (const Restart& r : restarts) {
    CAPTURE(r.what);
    const std::string j = dir + "/restart" + std::to_string(restarted) + ".journal";
    write_file(j, text_of(r.bytes));
    Child xtb;
    const int rc = restart(sim, dir, j, "restart" + std::to_string(restarted), xtb, 5);
    INFO(xtb.out());
    INFO(xtb.err());
    CHECK(rc != 2);  // accepted
    CHECK(rc != -1);
    CHECK(xtb.err().find("client order ids xtb-" + std::string(kRun) + "-") != std::string::npos);
    if (r.bytes.empty()) CHECK(xtb.err().find("is empty (0 bytes)") != std::string::npos);
    else CHECK(xtb.err().find("recovered") != std::string::npos);
    ++restarted;
  }
  // A refused start: a flipped byte at 30 % → exit 2, the file untouched, no order sent.
  std::vector<std::uint8_t> flipped = valid;
  std::size_t k30 = 0;  // the record at 30 %: two bytes of its payload (always under the CRC)
  while (starts[k30 + 1] <= valid.size() * 3 / 10) ++k30;
  flipped[starts[k30] + sizeof(engine::RecordHeader) + 2] ^= 0xFF;
  flipped[starts[k30] + sizeof(engine::RecordHeader) + 3] ^= 0x01;
  const std::string bad = dir + "/refused.journal";
  write_file(bad, text_of(flipped));
  const long orders_mid = venue_orders(sim);
  {
    Child refused;
    rc_refused = restart(sim, dir, bad, "refused", refused, 5);
    INFO(refused.err());
    CHECK(rc_refused == 2);
    CHECK(refused.err().find("journal " + bad + ": refusing to start") != std::string::npos);
    CHECK(refused.err().find("byte offset") != std::string::npos);
    CHECK(refused.err().find("xtb journal repair") != std::string::npos);
    CHECK(read_file(bad) == text_of(flipped));
    CHECK(venue_orders(sim) == orders_mid);
  }

  return restarted;
}

}  // namespace

TEST_CASE("journal fault suite: damage at every offset → refused untouched or recovered exactly; restarts never fill an id twice") {
  const auto t_start = std::chrono::steady_clock::now();
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_sim(sim, dir, 1200, "20");
  const std::string journal = dir + "/jf.journal";

  // 1. A real journal: `xtb run` killed with SIGKILL mid-close.
  Child first;
  std::vector<std::string> a1 = run_args(sim, {"--set", std::string("engine.run_id=") + kRun, "--set", "engine.journal=" + journal});
  a1.erase(std::find(a1.begin(), a1.end(), "--no-progress"));  // progress lines tell us when it trades
  REQUIRE(first.start(a1, dir, "first"));
  REQUIRE_MESSAGE(first.wait_err_re("filled [1-9]", 60000), first.err());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // more history: fills, cancels, reposts
  first.signal(SIGKILL);
  CHECK(first.wait(10000) == 128 + SIGKILL);
  const std::vector<std::uint8_t> intact = bytes_of(read_file(journal));
  const engine::JournalCheck ic = engine::check_journal(intact.data(), intact.size());
  REQUIRE_MESSAGE(ic.verdict != engine::JournalVerdict::Refuse, ic.problem);
  const std::vector<std::size_t> starts = record_starts(intact);
  const std::size_t n_records = starts.size() - 1;
  REQUIRE(n_records >= 20);
  const std::vector<std::uint8_t> valid(intact.begin(), intact.begin() + static_cast<long>(starts.back()));
  const std::set<std::string> intact_ids = ids_in(intact);
  REQUIRE(!intact_ids.empty());

  const Tally t = damage_everywhere(dir, valid, starts, intact_ids);
  MESSAGE("journal fault suite: " << n_records << " records, " << valid.size() << " bytes; " << t.damaged
                                  << " damaged variants: " << t.refused << " refused (file untouched), " << t.exact
                                  << " recovered exactly (" << t.torn_cut << " cutting an incomplete final record, "
                                  << t.empty_warned << " empty with a warning), " << t.failures << " failures");
  CHECK(t.failures == 0);
  CHECK(t.refused + t.exact == t.damaged);
  CHECK(t.refused > n_records);  // every flipped magic/length/seq/crc/payload byte at least
  CHECK(t.exact > n_records);    // every boundary and every torn tail at least

  int rc_refused = 0;
  const int restarted = restart_from_damage(sim, dir, valid, starts, rc_refused);
  REQUIRE(sim.stop() == 0);
  const auto fills = fills_by_id(read_file(sim.dump_path()));
  std::string which;
  const int dups = duplicates(fills, which);
  std::set<std::string> heads;  // "<prefix>-<run_id>-<epoch>-": one per start that filled
  for (const auto& [id, o] : fills)
    if (id.rfind(std::string("xtb-") + kRun + "-", 0) == 0) heads.insert(id.substr(0, id.rfind('-') + 1));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  MESSAGE("journal fault suite restarts: " << restarted << " restarts from damaged journals + 1 refused (exit "
                                           << rc_refused << ", 0 orders sent) against one xtb-sim; "
                                           << fills.size() << " client ids filled by " << heads.size()
                                           << " starts (epochs), " << dups
                                           << " filled under two venue orderIds; " << wall << " s");
  CHECK(heads.size() >= 2);  // the killed run and at least one restart traded
  CHECK_MESSAGE(dups == 0, which);
  std::filesystem::remove_all(dir);
}

TEST_CASE("D2: journal on a full file system → write error logged, kill switch, exit non-zero, lost records counted; restart reuses no id") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: mounting a small tmpfs needs root (the writer's ENOSPC path is covered in tests/engine)");
    return;
  }
  const std::string dir = temp_dir();
  const std::string mnt = dir + "/full";
  std::filesystem::create_directories(mnt);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=64k") != 0) {
    MESSAGE("skipped: cannot mount a tmpfs here (" << std::strerror(errno) << ")");
    return;
  }
  struct Unmount {  // also on a failed REQUIRE
    std::string m;
    ~Unmount() {
      if (!m.empty()) ::umount2(m.c_str(), MNT_DETACH);
    }
  } unmount{mnt};
  write_file(mnt + "/filler", std::string(61440, '\0'));  // 4 KB left: room for ~20 records
  simtest::SimProcess sim;
  start_sim(sim, dir, 800, "20");
  const std::string journal = mnt + "/ns.journal";
  Child xtb;
  REQUIRE(xtb.start(run_args(sim, {"--set", "engine.run_id=ns", "--set", "engine.journal=" + journal, "--duration", "20"}),
                    dir, "full"));
  const int rc = xtb.wait(kRunTimeoutMs);
  const std::string summary = xtb.out();
  INFO(summary);
  INFO(xtb.err());
  CHECK(rc != 0);
  CHECK(rc != 2);  // it started; the error came while trading
  CHECK(xtb.err().find("journal " + journal + ": write failed at byte offset") != std::string::npos);
  CHECK(xtb.err().find("No space left on device") != std::string::npos);
  CHECK(summary.find("stop                 journal write error: No space left on device") != std::string::npos);
  CHECK(std::regex_search(summary, std::regex("journal +[0-9]+ records written, [1-9][0-9]* lost \\(write error: No "
                                              "space left on device\\)")));
  // What is on disk is a journal `xtb run` accepts (a valid prefix, at most a torn tail).
  const std::vector<std::uint8_t> on_disk = bytes_of(read_file(journal));
  const engine::JournalCheck c = engine::check_journal(on_disk.data(), on_disk.size());
  CHECK_MESSAGE(c.verdict != engine::JournalVerdict::Refuse, c.problem);
  // F16: restart from that journal (copied off the full disk) against the same venue.
  const std::string copy = dir + "/ns.journal";
  write_file(copy, text_of(on_disk));
  Child again;
  REQUIRE(again.start(run_args(sim, {"--set", "engine.run_id=ns", "--set", "engine.journal=" + copy, "--stop-when-flat",
                                     "--duration", "8"}),
                      dir, "again"));
  const int rc2 = again.wait(kRunTimeoutMs);
  INFO(again.err());
  CHECK(rc2 != 2);
  REQUIRE(sim.stop() == 0);
  const auto fills = fills_by_id(read_file(sim.dump_path()));
  std::string which;
  CHECK(fills.size() > 0);
  CHECK_MESSAGE(duplicates(fills, which) == 0, which);
  ::umount2(mnt.c_str(), MNT_DETACH);
  unmount.m.clear();
  std::filesystem::remove_all(dir);
}

TEST_CASE("start-up decision without a venue: new, empty (F13), directory / device (F14), missing directory") {
  const std::string dir = temp_dir();
  {
    Rebuild rb;
    const run::JournalStart js = run::prepare_journal(dir + "/new.journal", rb.om, venue_symbols());
    CHECK_FALSE(js.refused);
    CHECK_FALSE(js.recovered);
    CHECK(js.writer.expect_size == 0);
    CHECK(js.writer.sync_interval_ns == run::kJournalSyncIntervalNs);
  }
  {
    write_file(dir + "/empty.journal", "");
    Rebuild rb;
    const run::JournalStart js = run::prepare_journal(dir + "/empty.journal", rb.om, venue_symbols());
    CHECK_FALSE(js.refused);
    REQUIRE(js.log.size() == 1);
    CHECK(js.log[0].find("WARNING: journal " + dir + "/empty.journal is empty (0 bytes): no history") != std::string::npos);
    CHECK(js.log[0].find("reconciliation adopts") != std::string::npos);
  }
  for (const std::string& p : {dir, std::string("/dev/null")}) {
    Rebuild rb;
    const run::JournalStart js = run::prepare_journal(p, rb.om, venue_symbols());
    CHECK(js.refused);
    CHECK(js.message.find("journal " + p + ": not a regular file") != std::string::npos);
  }
  engine::JournalWriterConfig missing;
  missing.path = dir + "/no/such/dir/run.journal";
  Rebuild rb;
  CHECK_FALSE(run::prepare_journal(missing.path, rb.om, venue_symbols()).refused);  // the writer says why
  CHECK_THROWS_WITH(engine::JournalWriter{missing},
                    doctest::Contains(("journal open: " + missing.path + ": No such file or directory").c_str()));
  std::filesystem::remove_all(dir);
}

TEST_CASE("xtb journal inspect / repair: verdicts, exit codes, the damaged file never changes, NEW never overwritten") {
  const std::string dir = temp_dir();
  const std::string good = dir + "/good.journal";
  {  // a small real journal: the writer's Version record + 40 records
    engine::JournalWriterConfig jc;
    jc.path = good;
    engine::JournalWriter w(jc);
    engine::LocalRecord l{};
    l.kind = engine::LocalKind::CancelSent;
    for (int i = 0; i < 40; ++i) {
      l.client_id.assign("xtb-jf-abc-" + std::to_string(i + 1));
      REQUIRE(w.append(engine::RecordType::Local, &l, sizeof l, 1'000'000'000LL * (i + 1)));
    }
    w.flush();
  }
  const std::string valid = read_file(good);
  const std::vector<std::size_t> starts = record_starts(bytes_of(valid));
  REQUIRE(starts.size() == 42);
  auto xtb = [&](const std::vector<std::string>& args, const std::string& name, std::string& out) {
    Child c;
    std::vector<std::string> argv{XTB_EXE, "journal"};
    argv.insert(argv.end(), args.begin(), args.end());
    REQUIRE(c.start(argv, dir, name));
    const int rc = c.wait(20000);
    out = c.out() + c.err();
    return rc;
  };
  std::string out;
  CHECK(xtb({"inspect", good}, "i1", out) == 0);
  CHECK(out.find("41 valid records (seq 1..41)") != std::string::npos);
  CHECK(out.find("Local 40") != std::string::npos);
  CHECK(out.find("VALID: every byte") != std::string::npos);

  const std::string torn = dir + "/torn.journal";
  write_file(torn, valid.substr(0, valid.size() - 10));
  CHECK(xtb({"inspect", torn}, "i2", out) == 0);
  CHECK(out.find("VALID WITH A TORN TAIL") != std::string::npos);

  std::string damaged = valid;
  damaged[starts[20] + 40] ^= 0x11;
  const std::string bad = dir + "/bad.journal";
  write_file(bad, damaged);
  CHECK(xtb({"inspect", bad}, "i3", out) == 1);
  CHECK(out.find("DAMAGED: CRC mismatch at byte offset " + std::to_string(starts[20])) != std::string::npos);
  CHECK(out.find("keeps bytes 0.." + std::to_string(starts[20]) + " (20 records)") != std::string::npos);
  const std::string fixed = dir + "/fixed.journal";
  CHECK(xtb({"repair", bad, "--out", fixed}, "r1", out) == 0);
  CHECK(out.find("kept 20 records") != std::string::npos);
  CHECK(out.find("dropped " + std::to_string(valid.size() - starts[20]) + " bytes from byte offset " +
                 std::to_string(starts[20])) != std::string::npos);
  CHECK(read_file(bad) == damaged);  // never touched
  CHECK(read_file(fixed) == valid.substr(0, starts[20]));
  CHECK(xtb({"inspect", fixed}, "i4", out) == 0);
  write_file(dir + "/taken.journal", "keep me");
  CHECK(xtb({"repair", bad, "--out", dir + "/taken.journal"}, "r2", out) == 2);
  CHECK(out.find("never overwritten") != std::string::npos);
  CHECK(read_file(dir + "/taken.journal") == "keep me");

  const std::string yaml = dir + "/config.journal";
  write_file(yaml, read_file(simtest::source_path("configs/binance-reduce-only-closer.yaml")));
  CHECK(xtb({"inspect", yaml}, "i5", out) == 1);
  CHECK(out.find("NOT A JOURNAL") != std::string::npos);
  CHECK(xtb({"repair", yaml, "--out", dir + "/nothing.journal"}, "r3", out) == 1);
  CHECK_FALSE(std::filesystem::exists(dir + "/nothing.journal"));
  CHECK(xtb({"inspect", dir + "/missing.journal"}, "i6", out) == 2);
  std::filesystem::remove_all(dir);
}
