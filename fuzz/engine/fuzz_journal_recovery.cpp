// fuzz_journal_recovery.cpp — libFuzzer target: `xtb run`'s start-up decision on an
// order journal and the recovery from it (engine/recovery.hpp: check_journal — magic,
// length, CRC, sequence, Version record, torn tail — then OrderManager::replay of every
// valid record, then finish_recovery), through the real path-taking entry point (the input
// is written to a memfd and opened by its /proc/self/fd path) and the bytes entry point.
//
// Input layout: byte 0 bit 0 = raw journal bytes (the rest). Else "builder" mode so that
// records pass the CRC and sequence checks and replay is reached: a Version record, then
// chunks [type (mod 7)][len (bit 7: pad to the type's payload size)][len & 127
// payload bytes] each framed as a valid record (seq 1, 2, …; correct CRC); bit 1 of byte
// 0 then cuts the last byte (a torn tail) and bit 2 flips one payload byte of the last
// record (CRC mismatch). Bit 3: padded Intent/Update/Ack/Local records get a well-formed
// client id from their first two payload bytes — "xtb-r1-<seq>", "xtb-r1-<epoch36>-<seq>"
// or another run's — so that ids the allocator could issue are in the journal. Bits 4..7:
// the live allocator's start epoch − 1 (a clock that went back: 1..16).
// Invariants (trap on violation):
//   * the start-up decision: recovery refuses (JournalRefused, nothing replayed, the file
//     unchanged) exactly when check_journal says Refuse; an accepted file cuts less than
//     one record, and only an incomplete final record; valid_end ≤ file size; at most one
//     of torn/corrupt; next_seq = last_seq + 1; live/submitting counts ≤ capacity; after
//     finish_recovery no order is Submitting;
//   * never trade twice: when accepted, no id the allocator issues next — deterministic
//     (backtests) or live with a start epoch at or before the journal's — equals a client
//     id present in the journal's valid records.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/journal.hpp"
#include "engine/recovery.hpp"

using namespace xtb;
using namespace xtb::engine;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr std::uint32_t kCapacity = 64;

SymbolRules rules(SymbolId s, std::int64_t tick) {  // BTCUSDT / ETHUSDT (exchangeInfo fixture)
  SymbolRules r;
  r.symbol = s;
  r.tick_size = tick;
  r.step_size = 100'000;
  r.min_px = 4'020;
  r.max_px = 12'463'966;
  r.min_qty = 1;
  r.max_qty = 1'000'000;
  r.min_notional = 10 * kAmountScale;
  return r;
}

void put_record(std::vector<std::uint8_t>& out, RecordType type, const void* payload, std::uint16_t len,
                std::uint64_t seq) {
  RecordHeader h{};
  h.magic = kJournalMagic;
  h.type = type;
  h.payload_len = len;
  h.seq = seq;
  h.t_ns = static_cast<std::int64_t>(seq) * 1'000'000;
  h.crc = record_crc(h, payload);
  const auto* hb = reinterpret_cast<const std::uint8_t*>(&h);
  out.insert(out.end(), hb, hb + sizeof h);
  const auto* pb = static_cast<const std::uint8_t*>(payload);
  out.insert(out.end(), pb, pb + len);
}

/// A well-formed client id from two fuzz bytes (builder bit 3).
ClientOrderId make_id(std::uint8_t a, std::uint8_t b) {
  static constexpr char kB36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s = (a & 0x40) ? "xtb-r2-" : "xtb-r1-";  // another run's ids can never collide
  if (a & 0x80) {  // live form, epoch 1..64 in base36
    const unsigned e = (a & 0x3F) + 1u;
    if (e >= 36) s += kB36[e / 36];
    s += kB36[e % 36];
    s += '-';
  }
  s += std::to_string(b % 40);
  ClientOrderId id{};
  id.assign(s);
  return id;
}

/// Byte offset of the client id inside a padded payload of `type` (SIZE_MAX: none).
std::size_t id_offset(RecordType type) {
  switch (type) {
    case RecordType::Intent: return offsetof(OrderCommand, client_id);
    case RecordType::Update: return offsetof(UpdateRecord, update) + offsetof(OrderUpdate, client_id);
    case RecordType::Ack: return offsetof(OrderAck, client_id);
    case RecordType::Local: return offsetof(LocalRecord, client_id);
    default: return SIZE_MAX;
  }
}

std::vector<std::uint8_t> build(const std::uint8_t* p, std::size_t n, std::uint8_t flags) {
  std::vector<std::uint8_t> out;
  LocalRecord v{};
  v.kind = LocalKind::Version;
  v.value = kFormatVersion;
  std::uint64_t seq = 1;
  put_record(out, RecordType::Version, &v, sizeof v, seq++);
  std::size_t last_payload = 0;
  while (n >= 2) {
    const RecordType type = static_cast<RecordType>(1 + p[0] % 7);  // 7 = unknown type
    const bool natural = p[1] & 0x80;
    std::size_t len = p[1] & 0x7F;
    p += 2;
    n -= 2;
    if (len > n) len = n;
    std::uint8_t payload[kMaxPayload] = {};
    std::memcpy(payload, p, len);
    std::size_t plen = len;
    if (natural) {  // zero-padded to its type's payload size, so payload_as() accepts it
      switch (type) {
        case RecordType::Intent: plen = sizeof(OrderCommand); break;
        case RecordType::Update: plen = sizeof(UpdateRecord); break;
        case RecordType::Ack: plen = sizeof(OrderAck); break;
        case RecordType::Account: plen = sizeof(AccountUpdate); break;
        case RecordType::Local:
        case RecordType::Version: plen = sizeof(LocalRecord); break;
        default: break;
      }
    }
    if (natural && (flags & 8) && id_offset(type) != SIZE_MAX) {
      const ClientOrderId id = make_id(payload[0], payload[1]);
      std::memcpy(payload + id_offset(type), &id, sizeof id);
      if (type == RecordType::Intent) {  // a NewOrder, so replay creates the order
        OrderCommand c;
        std::memcpy(&c, payload, sizeof c);
        c.kind = CommandKind::NewOrder;
        std::memcpy(payload, &c, sizeof c);
      }
    }
    p += len;
    n -= len;
    last_payload = out.size() + sizeof(RecordHeader);
    put_record(out, type, payload, static_cast<std::uint16_t>(plen), seq++);
  }
  if ((flags & 4) && last_payload < out.size()) out[last_payload] ^= 0x5A;
  if ((flags & 2) && !out.empty()) out.pop_back();
  return out;
}

std::string as_file(const std::vector<std::uint8_t>& bytes, int& fd_out) {
  static const int fd = memfd_create("fuzz_journal", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) __builtin_trap();
  if (!bytes.empty() && pwrite(fd, bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    __builtin_trap();
  fd_out = fd;
  return "/proc/self/fd/" + std::to_string(fd);
}

bool file_is(int fd, const std::vector<std::uint8_t>& bytes) {
  std::vector<std::uint8_t> now(bytes.size() + 1);
  const ssize_t r = pread(fd, now.data(), now.size(), 0);
  return r == static_cast<ssize_t>(bytes.size()) &&
         (bytes.empty() || std::memcmp(now.data(), bytes.data(), bytes.size()) == 0);
}

/// Client ids of the records recovery replays (the valid prefix), as replay sees them.
std::set<std::string> ids_in(const std::vector<std::uint8_t>& bytes, std::uint64_t valid_end) {
  std::set<std::string> ids;
  JournalReader r(bytes.data(), valid_end);
  JournalRecord rec;
  auto add = [&](const ClientOrderId& id) {
    if (id.len <= ClientOrderId::kMax && id.len > 0) ids.insert(std::string(id.view()));
  };
  while (r.next(rec)) {
    OrderCommand c;
    UpdateRecord u;
    OrderAck a;
    LocalRecord l;
    if (rec.h.type == RecordType::Intent && payload_as(rec, c)) add(c.client_id);
    if (rec.h.type == RecordType::Update && payload_as(rec, u)) add(u.update.client_id);
    if (rec.h.type == RecordType::Ack && payload_as(rec, a)) add(a.client_id);
    if (rec.h.type == RecordType::Local && payload_as(rec, l)) add(l.client_id);
  }
  return ids;
}

struct Rig {
  SymbolRulesTable table{4};
  PositionBook positions;
  RiskGate risk;
  OrderIdAllocator ids;
  OrderManager m;
  static SymbolRulesTable& init(SymbolRulesTable& t) {
    t.set(rules(0, 10'000'000));
    t.set(rules(1, 1'000'000));
    return t;
  }
  static OrderManagerConfig cfg() {
    OrderManagerConfig c;
    c.capacity = kCapacity;
    return c;
  }
  explicit Rig(std::uint64_t epoch)
      : positions(init(table)), risk(RiskLimits{}, table), ids("xtb", "r1", 1, epoch),
        m(cfg(), ids, positions, risk, nullptr, nullptr) {}
};

/// After recovery: the next ids never equal one of `present`.
void check_fresh_ids(Rig& rig, const std::set<std::string>& present) {
  for (int i = 0; i < 64; ++i) {
    const ClientOrderId id = rig.ids.next();
    if (id.empty()) break;  // exhausted: no order can be placed at all
    FUZZ_ASSERT(present.count(std::string(id.view())) == 0);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::vector<std::uint8_t> bytes =
      (data[0] & 1) ? std::vector<std::uint8_t>(data + 1, data + size) : build(data + 1, size - 1, data[0]);
  const JournalCheck check = check_journal(bytes.data(), bytes.size());
  int fd = -1;
  const std::string path = as_file(bytes, fd);
  Rig det(0);  // deterministic ids (backtests)
  RecoveryReport rep;
  try {
    rep = recover_from_journal(path, det.m);
  } catch (const JournalRefused& e) {
    // Refused: exactly the check's verdict, nothing replayed, the file left as it was.
    FUZZ_ASSERT(check.refused() && e.check.refused());
    FUZZ_ASSERT(det.m.store().size() == 0);
    FUZZ_ASSERT(file_is(fd, bytes));
    return 0;
  }
  FUZZ_ASSERT(!check.refused());
  FUZZ_ASSERT(file_is(fd, bytes));
  FUZZ_ASSERT(rep.read.valid_end <= bytes.size());
  FUZZ_ASSERT(rep.read.torn_tail + rep.read.corrupt <= 1);
  FUZZ_ASSERT(rep.read.corrupt == 0 && rep.read.version_mismatch == 0);
  // The only bytes ever cut: an incomplete final record, less than one record.
  FUZZ_ASSERT(bytes.size() - rep.truncate_to < sizeof(JournalRecord));
  FUZZ_ASSERT(rep.truncate_to == bytes.size() || rep.check.verdict == JournalVerdict::TornTail);
  FUZZ_ASSERT(rep.check.verdict != JournalVerdict::TornTail || rep.read.stop == JournalStop::Incomplete);
  FUZZ_ASSERT(bytes.empty() == (rep.check.verdict == JournalVerdict::Empty));
  FUZZ_ASSERT(rep.next_seq == rep.read.last_seq + 1);
  FUZZ_ASSERT(rep.truncate_to == rep.read.valid_end);
  FUZZ_ASSERT(rep.live_orders <= kCapacity && rep.submitting_orders <= rep.live_orders);
  // The reader on the valid prefix alone sees the same records and no damage.
  JournalReader again(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<long>(rep.read.valid_end)));
  JournalRecord r;
  std::uint64_t n = 0;
  while (again.next(r)) ++n;
  FUZZ_ASSERT(n == rep.read.records && again.stats().torn_tail == 0 && again.stats().corrupt == 0);
  det.m.finish_recovery(1'000'000'000'000);
  det.m.store().for_each([](const Order& o) { FUZZ_ASSERT(o.status != OrderStatus::Submitting); });
  // Never trade twice: deterministic ids, and live ids whose clock stands at or before
  // the journal's epochs, both continue past every id recovery saw.
  const std::set<std::string> present = ids_in(bytes, rep.read.valid_end);
  check_fresh_ids(det, present);
  // With a resolver (the journal's Instrument records map ids; an unlisted name is lost):
  // ids stay unique all the same, and a symbol id is never beyond what the resolver gives.
  Rig live(1 + (data[0] >> 4));
  const RecoveryReport mapped = recover_from_bytes(bytes.data(), bytes.size(), live.m,
                                                   [](Venue v, std::string_view name) -> SymbolId {
                                                     if (name.empty() || static_cast<int>(v) == 0) return kNoSymbol;
                                                     return static_cast<SymbolId>((name.size() + static_cast<int>(v)) % 4);
                                                   });
  FUZZ_ASSERT(mapped.read.records == rep.read.records);
  FUZZ_ASSERT(mapped.symbols.lost_names.size() <= mapped.symbols.instruments);
  live.m.finish_recovery(1'000'000'000'000);
  check_fresh_ids(live, present);
  return 0;
}
