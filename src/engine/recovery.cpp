// recovery.cpp — the start-up check of a journal and the replay driver.
#include "engine/recovery.hpp"

#include <cstddef>
#include <cstring>

namespace xtb::engine {
namespace {

std::string num(std::uint64_t v) { return std::to_string(v); }

/// What is wrong at read.valid_end, in one line.
std::string describe(const JournalReadStats& r, const std::uint8_t* data, std::size_t size) {
  const std::uint64_t off = r.valid_end;
  const std::uint64_t rest = size - off;
  const std::string at = "byte offset " + num(off);
  const std::string after = " (after " + num(r.records) + " valid record" + (r.records == 1 ? "" : "s") +
                            (r.records > 0 ? ", seq 1.." + num(r.last_seq) : "") + ")";
  const std::string tail = "; " + num(rest) + " byte" + (rest == 1 ? "" : "s") + " from there to the end of the file (" +
                           num(size) + " bytes)";
  switch (r.stop) {
    case JournalStop::None: return {};
    case JournalStop::Incomplete:
      return "incomplete final record at " + at + after + ": the file ends " + num(rest) +
             " bytes into it (a write cut short by a crash or a full disk)";
    case JournalStop::VersionMismatch: {
      LocalRecord v{};
      std::uint16_t len = 0;
      std::memcpy(&len, data + off + offsetof(RecordHeader, payload_len), sizeof len);
      if (len == sizeof v && rest >= sizeof(RecordHeader) + sizeof v)
        std::memcpy(&v, data + off + sizeof(RecordHeader), sizeof v);
      return "written by another format version (Version record at " + at + " says " + num(v.value) +
             "; this build reads version " + num(kFormatVersion) + ")";
    }
    case JournalStop::SeqHole:
      return std::string("sequence hole at ") + at + ": seq " + num(r.found_seq) + " where " + num(r.last_seq + 1) +
             " was expected" + after + tail;
    case JournalStop::TailHoldsRecord:
      return "the final " + num(rest) + " bytes from " + at + after +
             " are not one incomplete record: they hold another record header (more than one record damaged)";
    default: break;
  }
  return std::string(to_string(r.stop)) + " at " + at + after + tail;
}

}  // namespace

const char* to_string(JournalVerdict v) noexcept {
  switch (v) {
    case JournalVerdict::Empty: return "empty";
    case JournalVerdict::Valid: return "valid";
    case JournalVerdict::TornTail: return "valid, torn tail";
    case JournalVerdict::Refuse: return "refused";
  }
  return "?";
}

JournalCheck check_journal(const std::uint8_t* data, std::size_t size) {
  JournalCheck c;
  JournalReader reader(data, size);
  JournalRecord rec;
  while (reader.next(rec)) {}
  c.read = reader.stats();
  const JournalReadStats& r = c.read;
  if (size == 0) {
    c.verdict = JournalVerdict::Empty;
  } else if (r.stop == JournalStop::VersionMismatch) {
    c.verdict = JournalVerdict::Refuse;
    c.problem = describe(r, data, size);
  } else if (r.records == 0) {
    // A journal begins with a complete Version record, written before anything else (even
    // a crash at the very first write leaves no trading history to lose): anything else at
    // byte 0 is another file.
    c.verdict = JournalVerdict::Refuse;
    c.problem = "not an xtb order journal: no valid Version record at byte offset 0 (" +
                (r.stop == JournalStop::NoVersion ? std::string("the first record is of another type")
                                                  : std::string(to_string(r.stop))) +
                ")";
  } else if (r.stop == JournalStop::None) {
    c.verdict = JournalVerdict::Valid;
  } else if (r.stop == JournalStop::Incomplete && size - r.valid_end < sizeof(JournalRecord)) {
    c.verdict = JournalVerdict::TornTail;
    c.problem = describe(r, data, size);
  } else {
    c.verdict = JournalVerdict::Refuse;
    c.problem = describe(r, data, size);
  }
  return c;
}

RecoveryReport recover_from_bytes(const std::uint8_t* data, std::size_t size, OrderManager& m,
                                  const InstrumentResolver& resolve) {
  RecoveryReport rep;
  rep.check = check_journal(data, size);
  if (rep.check.refused()) throw JournalRefused("journal refused: " + rep.check.problem, rep.check);
  rep.read = rep.check.read;
  rep.size = size;
  JournalReader reader(data, rep.read.valid_end);
  JournalRecord rec;
  if (resolve) {
    SymbolRemap remap(resolve);
    while (reader.next(rec)) {
      remap.apply(rec);
      m.replay(rec);
    }
    rep.symbols = remap.stats();
  } else {
    while (reader.next(rec)) m.replay(rec);
  }
  m.store().for_each([&](const Order& o) {
    if (o.live()) ++rep.live_orders;
    if (o.status == OrderStatus::Submitting) ++rep.submitting_orders;
  });
  rep.truncate_to = rep.read.valid_end;
  rep.next_seq = rep.read.last_seq + 1;
  return rep;
}

RecoveryReport recover_from_journal(const std::string& path, OrderManager& m, const InstrumentResolver& resolve) {
  const JournalReader file = JournalReader::open(path);
  try {
    return recover_from_bytes(file.data(), file.size(), m, resolve);
  } catch (const JournalRefused& e) {
    throw JournalRefused("journal " + path + ": " + e.check.problem, e.check);
  }
}

}  // namespace xtb::engine
