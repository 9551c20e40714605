// fuzz_journal_recovery.cpp — libFuzzer target: engine recovery from a torn or corrupt
// order journal (recover_from_journal: JournalReader validation — magic, length, CRC,
// sequence, Version record — then OrderManager::replay of every valid record, then
// finish_recovery), through the real path-taking entry point (the input is written to a
// memfd and opened by its /proc/self/fd path).
//
// Input layout: byte 0 bit 0 = raw journal bytes (the rest). Else "builder" mode so that
// records pass the CRC and sequence checks and replay is reached: a Version record, then
// chunks [type (mod 7)][len (bit 7: pad to the type's payload size)][len & 127
// payload bytes] each framed as a valid record (seq 1, 2,
// …; correct CRC); bit 1 of byte 0 then cuts the last byte (a torn tail) and bit 2 flips
// one payload byte of the last record (CRC mismatch).
// Invariants (trap on violation): recovery returns or throws std::runtime_error (another
// format version: documented); valid_end ≤ file size; at most one of torn/corrupt;
// next_seq = last_seq + 1; live/submitting counts ≤ capacity; after finish_recovery no
// order is Submitting.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
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
    p += len;
    n -= len;
    last_payload = out.size() + sizeof(RecordHeader);
    put_record(out, type, payload, static_cast<std::uint16_t>(plen), seq++);
  }
  if ((flags & 4) && last_payload < out.size()) out[last_payload] ^= 0x5A;
  if ((flags & 2) && !out.empty()) out.pop_back();
  return out;
}

std::string as_file(const std::vector<std::uint8_t>& bytes) {
  static const int fd = memfd_create("fuzz_journal", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) __builtin_trap();
  if (!bytes.empty() && pwrite(fd, bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    __builtin_trap();
  return "/proc/self/fd/" + std::to_string(fd);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::vector<std::uint8_t> bytes =
      (data[0] & 1) ? std::vector<std::uint8_t>(data + 1, data + size) : build(data + 1, size - 1, data[0]);
  SymbolRulesTable table(4);
  table.set(rules(0, 10'000'000));
  table.set(rules(1, 1'000'000));
  PositionBook positions(table);
  RiskGate risk(RiskLimits{}, table);
  OrderIdAllocator ids("xtb", "r1");
  OrderManagerConfig cfg;
  cfg.capacity = kCapacity;
  OrderManager m(cfg, ids, positions, risk, nullptr, nullptr);
  RecoveryReport rep;
  try {
    rep = recover_from_journal(as_file(bytes), m);
  } catch (const std::runtime_error&) {
    return 0;  // another format version: documented, the file is left untouched
  }
  FUZZ_ASSERT(rep.read.valid_end <= bytes.size());
  FUZZ_ASSERT(rep.read.torn_tail + rep.read.corrupt <= 1);
  FUZZ_ASSERT(rep.next_seq == rep.read.last_seq + 1);
  FUZZ_ASSERT(rep.truncate_to == rep.read.valid_end);
  FUZZ_ASSERT(rep.live_orders <= kCapacity && rep.submitting_orders <= rep.live_orders);
  // The reader on the valid prefix alone sees the same records and no damage.
  JournalReader again(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<long>(rep.read.valid_end)));
  JournalRecord r;
  std::uint64_t n = 0;
  while (again.next(r)) ++n;
  FUZZ_ASSERT(n == rep.read.records && again.stats().torn_tail == 0 && again.stats().corrupt == 0);
  m.finish_recovery(1'000'000'000'000);
  m.store().for_each([](const Order& o) { FUZZ_ASSERT(o.status != OrderStatus::Submitting); });
  return 0;
}
