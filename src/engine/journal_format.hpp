// journal_format.hpp — the on-disk layout of the order journal (one concept: the bytes).
//
// File = sequence of records, each `RecordHeader` (32 bytes, little-endian host order,
// x86-64 only) followed by `payload_len` bytes. No file header: a journal is valid
// from byte 0, so a crash at any point leaves a readable prefix.
//
//   off  size  field
//    0    4    magic 0x4A425458 ("XTBJ" read as bytes) — resynchronisation is not
//              attempted; a wrong magic ends the valid prefix
//    4    2    type (RecordType)
//    6    2    payload_len (≤ kMaxPayload)
//    8    8    seq: 1, 2, 3, … per file (a gap means a lost record → error)
//   16    8    t_ns: the sequencer's monotonic time when the record was made
//   24    4    crc: CRC-32 (zlib/IEEE 802.3 polynomial) over bytes [4, 24) of the
//              header followed by the payload
//   28    4    reserved (0)
//
// Payloads are the engine's POD structs copied verbatim (OrderCommand, OrderUpdate,
// OrderAck, AccountUpdate — core/command.hpp, core/event.hpp — plus the LocalRecord
// below). The format is therefore tied to this build's struct layouts; `kFormatVersion`
// is bumped whenever one changes, and a reader refuses records of other versions via the
// Version record that the writer puts first in every file.
//
// A torn tail — the file ends inside its final record (a header or payload cut short: a
// write interrupted by a crash), and those bytes hold nothing of a later record — is the
// only crash signature: the reader stops there, counts it and reports the offset of the
// valid prefix; `xtb run` cuts exactly those bytes (less than one record) before
// appending. Anything else (bad magic, bad length, CRC mismatch — even in the last
// record —, a sequence hole, no Version record first, another version) is damage: start-up
// refuses the file and leaves it untouched (engine/recovery.hpp, docs/journal.md).
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "core/command.hpp"
#include "core/event.hpp"
#include "engine/order.hpp"

namespace xtb::engine {

inline constexpr std::uint32_t kJournalMagic = 0x4A425458u;  // "XTBJ" little-endian
/// 2: Instrument records (a journal's symbol ids are mapped back to (venue, name) at
/// recovery: ids are dense per process and may differ after a restart). Version 1 files
/// (no Instrument records: their ids are taken as they are) are still read.
inline constexpr std::uint32_t kFormatVersion = 2;
inline constexpr std::uint32_t kMinFormatVersion = 1;

enum class RecordType : std::uint16_t {
  Version = 1,   ///< LocalRecord{kind=Version, value=kFormatVersion}; first in each file
  Intent = 2,    ///< OrderCommand, journaled BEFORE it is published to egress
  Update = 3,    ///< UpdateRecord: a venue order update, journaled after it was applied
  Ack = 4,       ///< OrderAck, after it was applied
  Account = 5,   ///< AccountUpdate, after it was applied
  Local = 6,     ///< LocalRecord: an engine decision that changed state
  Instrument = 7,///< InstrumentRecord: this process's id of (venue, symbol), before any record uses it
};

/// Engine decisions that change state and must replay identically.
enum class LocalKind : std::uint8_t {
  Version = 0,
  OutcomeUnknown = 1,   ///< Submitting → Unknown (timeout / disconnect); code = reason
  Generation = 2,       ///< new generation token = value
  PositionAdopt = 3,    ///< venue position adopted: symbol, position_side, qty, px
  OrderAdopt = 4,       ///< reconciliation adopted an unknown order of ours
  OrderReconciled = 5,  ///< reconciliation set status/cum_qty from a venue snapshot
  CancelSent = 6,       ///< cancel_requested set for client_id
  Dropped = 7,          ///< written by the writer: `value` records were dropped before this
};

struct LocalRecord {
  LocalKind kind;
  Side side;
  PositionSide position_side;
  OrderStatus status;
  OrderType type;
  TimeInForce tif;
  std::uint8_t flags;
  std::uint8_t pad;
  std::int32_t code;
  SymbolId symbol;
  std::uint64_t value;           ///< generation / format version / venue order id
  Price px;
  Qty qty;                       ///< position qty (signed) or order orig_qty
  Qty cum_qty;
  ClientOrderId client_id;
};

/// What a symbol id meant in the process that wrote the records after it (until the next
/// Instrument record of the same id). Written for every instrument the engine trades when
/// trading begins and whenever one is added (engine/journal_instruments.hpp).
struct InstrumentRecord {
  SymbolId symbol;
  Venue venue;
  std::uint8_t len;      ///< bytes of `name` used
  std::uint8_t pad[2];
  char name[32];         ///< the venue's symbol name, not NUL-terminated
};
static_assert(sizeof(InstrumentRecord) == 40);

struct UpdateRecord {
  EventSource source;
  std::uint8_t pad[7];
  OrderUpdate update;
};

struct RecordHeader {
  std::uint32_t magic;
  RecordType type;
  std::uint16_t payload_len;
  std::uint64_t seq;
  std::int64_t t_ns;
  std::uint32_t crc;
  std::uint32_t reserved;
};
static_assert(sizeof(RecordHeader) == 32);

inline constexpr std::size_t kMaxPayload = 224;
static_assert(sizeof(OrderCommand) <= kMaxPayload && sizeof(UpdateRecord) <= kMaxPayload &&
              sizeof(OrderAck) <= kMaxPayload && sizeof(AccountUpdate) <= kMaxPayload &&
              sizeof(LocalRecord) <= kMaxPayload && sizeof(InstrumentRecord) <= kMaxPayload);

/// One record as it travels from the sequencer to the writer thread (256 bytes).
struct JournalRecord {
  RecordHeader h;
  std::uint8_t payload[kMaxPayload];
};
static_assert(sizeof(JournalRecord) == 256);
static_assert(std::is_trivially_copyable_v<JournalRecord>);

/// Where the sequencer hands records to (JournalWriter in production, a vector in
/// tests). append() runs on the sequencer thread: it must not block or allocate; it
/// returns false when the record was dropped (the sink counts and flags it).
/// failed(): true once the sink can no longer store records (a write error: disk full,
/// I/O error); from then on nothing appended reaches the file. OrderManager polls it and
/// trips the kill switch (no new intent can be made durable). Any thread; no allocation.
class JournalSink {
 public:
  virtual bool append(RecordType type, const void* payload, std::uint16_t len,
                      std::int64_t now_ns) noexcept = 0;
  virtual bool failed() const noexcept { return false; }

 protected:
  ~JournalSink() = default;
};

/// CRC-32 of header bytes [4, 24) and the payload (see table above).
std::uint32_t record_crc(const RecordHeader& h, const void* payload) noexcept;

/// Copies a payload struct out of a record (records carry unaligned-safe bytes).
template <class T>
bool payload_as(const JournalRecord& r, T& out) noexcept {
  static_assert(std::is_trivially_copyable_v<T>);
  if (r.h.payload_len != sizeof(T)) return false;
  std::memcpy(&out, r.payload, sizeof(T));
  return true;
}

}  // namespace xtb::engine
