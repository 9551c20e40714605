// Journal integrity (issue 12 "Never trade twice", docs/journal.md): the start-up check (D1),
// write errors and the kill switch (D2), client order ids unique across restarts.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "venue/binance/client_order_id.hpp"
#include "engine/journal.hpp"
#include "engine/recovery.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

#include "journal_test_util.hpp"

using namespace xtb::engine::test::journal;

// ---------------------------------------------------------------------------------------
// Issue 12 "Never trade twice": the start-up check (D1), write errors (D2), ids unique
// across restarts.

namespace {

/// The bytes of a journal the writer would produce for `trade()` (Version first).
std::vector<std::uint8_t> traded_journal(std::vector<std::size_t>* starts = nullptr) {
  Engine e;
  trade(e.m, kSec);
  std::vector<std::uint8_t> bytes;
  auto put = [&](JournalRecord r, std::uint64_t seq) {
    if (starts != nullptr) starts->push_back(bytes.size());
    r.h.magic = kJournalMagic;
    r.h.seq = seq;
    r.h.crc = record_crc(r.h, r.payload);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&r);
    bytes.insert(bytes.end(), p, p + sizeof(RecordHeader));
    bytes.insert(bytes.end(), r.payload, r.payload + r.h.payload_len);
  };
  JournalRecord v{};
  LocalRecord vl{};
  vl.kind = LocalKind::Version;
  vl.value = kFormatVersion;
  v.h = RecordHeader{kJournalMagic, RecordType::Version, sizeof(LocalRecord), 0, 0, 0, 0};
  std::memcpy(v.payload, &vl, sizeof(vl));
  put(v, 1);
  for (std::size_t i = 0; i < e.sink.records.size(); ++i) put(e.sink.records[i], i + 2);
  return bytes;
}

JournalCheck check(const std::vector<std::uint8_t>& b) { return check_journal(b.data(), b.size()); }

/// The writer's descriptor for `path` (found in /proc/self/fd), −1 if none.
int fd_of(const std::string& path) {
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(e.path(), ec);
    if (!ec && target == path) return std::stoi(e.path().filename().string());
  }
  return -1;
}

/// A sink that can be broken like a full disk.
struct BreakableSink final : JournalSink {
  std::vector<JournalRecord> records;
  bool broken = false;
  bool append(RecordType type, const void* payload, std::uint16_t len, std::int64_t now_ns) noexcept override {
    JournalRecord r{};
    r.h = RecordHeader{kJournalMagic, type, len, records.size() + 1, now_ns, 0, 0};
    std::memcpy(r.payload, payload, len);
    records.push_back(r);
    return true;
  }
  bool failed() const noexcept override { return broken; }
};

}  // namespace

TEST_CASE("check_journal: only an incomplete final record is a crash signature; anything else is refused") {
  std::vector<std::size_t> starts;
  const std::vector<std::uint8_t> good = traded_journal(&starts);
  REQUIRE(starts.size() >= 8);
  const std::size_t last = starts.back();

  CHECK(check({}).verdict == JournalVerdict::Empty);
  const JournalCheck ok = check(good);
  CHECK(ok.verdict == JournalVerdict::Valid);
  CHECK(ok.read.records == starts.size());

  // Cut inside the last record's payload, or inside its header: torn tail (cut at start-up).
  for (const std::size_t cut : {last + sizeof(RecordHeader) + 17, last + 3, last + 20}) {
    std::vector<std::uint8_t> b(good.begin(), good.begin() + static_cast<long>(cut));
    const JournalCheck c = check(b);
    CAPTURE(cut);
    CHECK(c.verdict == JournalVerdict::TornTail);
    CHECK(c.read.valid_end == last);
    CHECK(c.read.records == starts.size() - 1);
    CHECK(c.problem.find("byte offset " + std::to_string(last)) != std::string::npos);
  }
  // A cut at a record boundary is simply a shorter valid journal.
  CHECK(check(std::vector<std::uint8_t>(good.begin(), good.begin() + static_cast<long>(starts[4]))).verdict ==
        JournalVerdict::Valid);

  // A flipped byte in the last record's payload: a kill -9 cannot make that → refused.
  std::vector<std::uint8_t> crc_last = good;
  crc_last[last + sizeof(RecordHeader) + 5] ^= 0x40;
  const JournalCheck cl = check(crc_last);
  CHECK(cl.verdict == JournalVerdict::Refuse);
  CHECK(cl.read.stop == JournalStop::BadCrc);
  CHECK(cl.problem.find("CRC mismatch at byte offset " + std::to_string(last)) != std::string::npos);

  // Damage in the middle, followed by more records (the probe's F10): refused.
  std::vector<std::uint8_t> mid = good;
  mid[starts[3] + sizeof(RecordHeader) + 2] ^= 0xFF;
  const JournalCheck cm = check(mid);
  CHECK(cm.verdict == JournalVerdict::Refuse);
  CHECK(cm.read.valid_end == starts[3]);

  // A middle record's length enlarged so that "the rest" looks like one incomplete record:
  // it holds the next record's header → more than one record → refused.
  std::vector<std::uint8_t> len = good;
  const std::size_t second_last = starts[starts.size() - 2];
  const std::uint16_t big = kMaxPayload;
  std::memcpy(len.data() + second_last + offsetof(RecordHeader, payload_len), &big, 2);
  const JournalCheck cb = check(len);
  CHECK(cb.verdict == JournalVerdict::Refuse);

  // A record missing in the middle: sequence hole → refused.
  std::vector<std::uint8_t> hole(good.begin(), good.begin() + static_cast<long>(starts[3]));
  hole.insert(hole.end(), good.begin() + static_cast<long>(starts[4]), good.end());
  const JournalCheck ch = check(hole);
  CHECK(ch.verdict == JournalVerdict::Refuse);
  CHECK(ch.read.stop == JournalStop::SeqHole);
  CHECK(ch.problem.find("seq 5 where 4 was expected") != std::string::npos);

  // Not a journal: random bytes, a YAML file, a header-sized scrap of magic-less bytes.
  std::vector<std::uint8_t> rnd(4096);
  std::uint32_t x = 12345;
  for (auto& b : rnd) b = static_cast<std::uint8_t>((x = x * 1103515245u + 12345u) >> 24);
  const std::string yaml = "engine:\n  run_id: jr\n  journal: run.journal\nvenue:\n  insecure: true\n";
  for (const std::vector<std::uint8_t>& b : {rnd, std::vector<std::uint8_t>(yaml.begin(), yaml.end()),
                                             std::vector<std::uint8_t>(good.begin(), good.begin() + 10)}) {
    const JournalCheck c = check(b);
    CHECK(c.verdict == JournalVerdict::Refuse);
    CHECK(c.read.records == 0);
    CHECK(c.problem.find("not an xtb order journal") != std::string::npos);
  }
  // A journal whose first record is not the Version record.
  std::vector<std::uint8_t> no_version(good.begin() + static_cast<long>(starts[1]), good.end());
  CHECK(check(no_version).verdict == JournalVerdict::Refuse);

  // recover_from_bytes refuses before replaying anything.
  Fresh f;
  CHECK_THROWS_AS(recover_from_bytes(mid.data(), mid.size(), f.m), JournalRefused);
  CHECK(f.m.store().size() == 0);
}

TEST_CASE("JournalWriter: refuses to cut more than one record, a changed file, a second writer, a non-file") {
  const std::string path = temp_path("open_rules");
  std::remove(path.c_str());
  std::vector<std::size_t> starts;
  const std::vector<std::uint8_t> good = traded_journal(&starts);
  spit(path, good);
  JournalWriterConfig jc;
  jc.path = path;
  jc.truncate_to = starts[3];  // several records: never
  CHECK_THROWS_WITH_AS(JournalWriter{jc}, doctest::Contains("more than one record"), std::runtime_error);
  jc.truncate_to = UINT64_MAX;
  jc.expect_size = good.size() - 1;
  CHECK_THROWS_WITH_AS(JournalWriter{jc}, doctest::Contains("changed while starting"), std::runtime_error);
  jc.expect_size = good.size();
  jc.next_seq = starts.size() + 1;
  {
    JournalWriter first(jc);
    CHECK_THROWS_WITH_AS(JournalWriter{jc}, doctest::Contains("in use by another process"), std::runtime_error);
  }
  CHECK(slurp(path) == good);  // nothing above wrote a byte
  JournalWriterConfig dir;
  dir.path = std::filesystem::temp_directory_path().string();
  CHECK_THROWS_WITH_AS(JournalWriter{dir}, doctest::Contains(dir.path.c_str()), std::exception);
  JournalWriterConfig missing;
  missing.path = "/nonexistent-dir-xtb/run.journal";
  CHECK_THROWS_WITH(JournalWriter{missing},
                    doctest::Contains("journal open: /nonexistent-dir-xtb/run.journal: No such file or directory"));
  JournalWriterConfig dev;
  dev.path = "/dev/full";
  CHECK_THROWS_WITH_AS(JournalWriter{dev}, doctest::Contains("not a regular file"), std::runtime_error);
  CHECK_THROWS_WITH_AS(JournalReader::open("/dev/zero"), doctest::Contains("not a regular file"), std::runtime_error);
  std::remove(path.c_str());
}

TEST_CASE("JournalWriter: a write error (ENOSPC) is counted as lost, never as written, and stops writing") {
  const std::string path = temp_path("enospc");
  std::remove(path.c_str());
  LocalRecord l{};
  l.kind = LocalKind::CancelSent;
  std::uint64_t before = 0;
  {
    JournalWriterConfig jc;
    jc.path = path;
    jc.idle_sleep_ns = 1'000'000;
    JournalWriter w(jc);
    for (int i = 0; i < 10; ++i) CHECK(w.append(RecordType::Local, &l, sizeof(l), i));
    w.flush();
    before = w.written();
    CHECK(before == 10);
    CHECK_FALSE(w.failed());
    // The disk fills up: every write from now on fails with ENOSPC (/dev/full), as on a
    // full file system, without privileges.
    const int fd = fd_of(std::filesystem::canonical(path).string());
    REQUIRE(fd >= 0);
    const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(full >= 0);
    REQUIRE(::dup2(full, fd) == fd);
    ::close(full);
    for (int i = 0; i < 25; ++i) CHECK(w.append(RecordType::Local, &l, sizeof(l), 100 + i));  // hot path unchanged
    w.flush();  // returns: lost records count as done
    CHECK(w.failed());
    CHECK(w.error() == ENOSPC);
    CHECK(w.write_errors() == 1);
    CHECK(w.written() == before);
    CHECK(w.lost() == 25);
    for (int i = 0; i < 5; ++i) w.append(RecordType::Local, &l, sizeof(l), 200 + i);
    w.flush();
    CHECK(w.lost() == 30);  // nothing is written after the first failure
    CHECK(w.write_errors() == 1);
  }
  // The file is still a valid journal of exactly the records written before the failure.
  const std::vector<std::uint8_t> bytes = slurp(path);
  const JournalCheck c = check(bytes);
  CHECK(c.verdict == JournalVerdict::Valid);
  CHECK(c.read.records == 1 + before);
  std::remove(path.c_str());
}

TEST_CASE("journal failure trips the kill switch: no new intent, our regular orders cancelled") {
  Engine e;
  BreakableSink sink;
  e.m.set_journal(&sink);
  OrderCommand a = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  Order* oa = e.m.place(a, 0, kSec).order;
  REQUIRE(oa != nullptr);
  e.m.on_ack(ack(*oa, CommandKind::NewOrder, OrderStatus::Open), kSec + 1);
  CHECK_FALSE(e.m.journal_failed());
  sink.broken = true;  // the writer reports a write error
  const std::size_t records = sink.records.size();
  OrderCommand b = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  const PlaceResult pr = e.m.place(b, 0, 2 * kSec);
  CHECK(pr.order == nullptr);
  CHECK(pr.reject == RejectReason::Halted);
  CHECK(e.m.journal_failed());
  CHECK(e.listener.kills == 1);
  CHECK(e.risk.state() == TradingState::Halted);
  // No intent was journaled for the refused order.
  for (std::size_t i = records; i < sink.records.size(); ++i) CHECK(sink.records[i].h.type != RecordType::Intent);
  OrderCommand out[4];
  const std::uint32_t n = e.m.on_timer(3 * kSec, out, 4);
  REQUIRE(n >= 1);
  CHECK(out[0].kind == CommandKind::CancelOrder);
  CHECK(out[0].client_id == oa->client_id);
  e.m.on_timer(4 * kSec, out, 4);
  CHECK(e.listener.kills == 1);  // once
  // Also through the timer alone (no place() call): a fresh engine trips on its next tick.
  Engine f;
  BreakableSink broken;
  broken.broken = true;
  f.m.set_journal(&broken);
  f.m.on_timer(kSec, out, 4);
  CHECK(f.m.journal_failed());
  CHECK(f.listener.kills == 1);
}

TEST_CASE("OrderIdAllocator: live ids carry an epoch; recovery moves past every id it saw") {
  // Live format and its length bound: prefix + run_id ≤ 16 → 9 digits of sequence fit.
  const std::uint64_t ms = 1'754'000'000'000;  // August 2025
  OrderIdAllocator live("xtb", "jr", 1, OrderIdAllocator::epoch_from_unix_ms(static_cast<std::int64_t>(ms)));
  const ClientOrderId first = live.next();
  CHECK(first.view().substr(0, 7) == "xtb-jr-");
  CHECK(first.view().size() == 7 + 8 + 2);  // 8 base36 chars of epoch, "-1"
  CHECK(OrderIdAllocator::parse_epoch(first.view().substr(7, 8)) == ms);
  CHECK(binance::is_valid_client_order_id(first.view()));
  CHECK(live.this_run(first.view()));
  CHECK(live.this_run("xtb-jr-abc-5"));  // an older epoch of the same run: shutdown cancels it
  CHECK_FALSE(live.this_run("xtb-jrx-abc-5"));
  CHECK(live.seq_of(first.view()) == 1);
  CHECK(live.seq_of("xtb-jr-abc-5") == 0);
  OrderIdAllocator longest("prefix08", "runid012", 999'999'999, OrderIdAllocator::epoch_from_unix_ms(2'800'000'000'000));
  const ClientOrderId big = longest.next();
  CHECK(big.len == 36);
  CHECK(binance::is_valid_client_order_id(big.view()));

  // observe(): an id of this run with a later (or the same) epoch moves us past it.
  OrderIdAllocator a("xtb", "jr", 1, 1000);
  const std::string e1000(a.head());
  a.observe(e1000 + "7");
  CHECK(a.next_seq() == 8);
  a.observe("xtb-jr-zz-3");  // epoch 1295 > 1000 (the clock went back)
  CHECK(a.epoch() == 1296);
  CHECK(a.next_seq() == 1);
  a.observe("xtb-jr-a-99");  // older epoch: cannot collide
  a.observe("xtb-other-zzzz-1");
  a.observe("xtb-jr-0zz-1");  // not canonical base36: cannot collide
  CHECK(a.epoch() == 1296);
  // Deterministic ids (backtests): unchanged format, the sequence moves past.
  OrderIdAllocator d("xtb", "r1");
  d.observe("xtb-r1-41");
  d.observe("xtb-r1-zz-77");
  CHECK(d.next().view() == "xtb-r1-42");
}

TEST_CASE("recovery: no id the allocator issues next is in the journal, even the retired ones") {
  // A journal whose orders all ended (retired from the store): the deterministic allocator
  // still continues after the highest seq, and a live one after the highest epoch.
  Engine e;
  for (int i = 0; i < 6; ++i) {
    OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 1);
    Order& o = *e.m.place(c, 0, kSec + i).order;
    e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Rejected, -5022), kSec + i);
  }
  std::set<std::string> ids;
  for (const JournalRecord& rec : e.sink.records) {
    OrderCommand c;
    if (rec.h.type == RecordType::Intent && payload_as(rec, c)) ids.insert(std::string(c.client_id.view()));
  }
  REQUIRE(ids.size() == 6);
  Fresh f;
  for (const JournalRecord& rec : e.sink.records) f.m.replay(rec);
  f.m.finish_recovery(10 * kSec);
  for (int i = 0; i < 20; ++i) CHECK(ids.count(std::string(f.ids.next().view())) == 0);
}
