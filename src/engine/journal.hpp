// journal.hpp — append-only order journal: a writer thread fed by a bounded lock-free
// queue, and a reader that validates records for recovery. Layout: journal_format.hpp;
// durability policy: docs/journal.md.
//
// Writer (JournalWriter, implements JournalSink):
//   * append() runs on the sequencer: it copies the payload into a 256-byte
//     JournalRecord and try_enqueue()s it with a ProducerToken on a
//     moodycamel::ConcurrentQueue whose blocks are all allocated in the constructor.
//     try_enqueue never allocates; when the queue is full the record is dropped,
//     `dropped()` counts it and take_drop_flag() tells the sequencer to reconcile
//     (seed 004 §3.6: a lost event must trigger a compensating reconciliation).
//   * The writer thread (cold) dequeues in bulk, assigns `seq`, computes the CRC, and
//     write()s the batch; after a drop it first writes a Local{Dropped, n} marker so a
//     later recovery also knows the file has a hole. Optional fdatasync every
//     `sync_interval_ns` (0 = rely on the page cache: survives kill -9, not power loss).
//   * Write errors (ENOSPC, EIO, EFBIG, a failed fdatasync): the first one is logged once
//     on stderr with the path, the byte offset and strerror; `failed()` turns true and
//     nothing is written after it (the file stays a valid prefix, at most ending in one
//     incomplete record, never a sequence hole). Records of the failed batch that did not
//     reach the file and every later record count in `lost()`, never in `written()`.
//     OrderManager polls failed() and trips the kill switch; `xtb run` stops and fails.
//   * Idle: sleeps `idle_sleep_ns` when the queue is empty (no syscall on the hot side).
//   * The file is locked (flock, exclusive) for the writer's lifetime: a second process
//     appending to the same journal is refused at open.
// Reader (JournalReader): validates magic, length, CRC, sequence and the Version record;
// stops at the first bad record and says why (`stats().stop`). Only an incomplete final
// record (the file ends inside it, and its bytes hold no later record header) is a torn
// tail (`torn_tail`, the crash signature); anything else bad is `corrupt` (or
// `version_mismatch`). `valid_end` is the byte length of the good prefix.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/journal_format.hpp"

namespace xtb::engine {

struct JournalWriterConfig {
  std::string path;
  std::size_t queue_capacity = 16384;      ///< records (256 B each) preallocated
  std::int64_t idle_sleep_ns = 200'000;    ///< writer sleep when the queue is empty
  std::int64_t sync_interval_ns = 0;       ///< fdatasync period; 0 = never
  /// Cut the file to this size first (JournalCheck: the valid prefix before an incomplete
  /// final record). Refused (throws) when that would cut a whole record or more.
  std::uint64_t truncate_to = UINT64_MAX;
  std::uint64_t next_seq = 1;              ///< first seq to write (reader last_seq + 1)
  /// The size the start-up check read; the open is refused when the file changed since
  /// (UINT64_MAX = not checked).
  std::uint64_t expect_size = UINT64_MAX;
};

class JournalWriter final : public JournalSink {
 public:
  /// Opens/creates the file (a regular file only), takes an exclusive flock, truncates it
  /// to cfg.truncate_to when smaller than its size (less than one record), writes a Version
  /// record if the file is empty and starts the writer thread. Throws std::system_error /
  /// std::runtime_error whose message names the path on any failure. Cold path.
  explicit JournalWriter(const JournalWriterConfig& cfg);
  /// Drains the queue, writes everything, syncs and joins.
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  /// Sequencer thread only (single producer). Never blocks or allocates.
  bool append(RecordType type, const void* payload, std::uint16_t len,
              std::int64_t now_ns) noexcept override;
  /// Any thread: true once a write (or fdatasync) failed; nothing is written after it.
  bool failed() const noexcept override { return failed_.load(std::memory_order_acquire); }

  /// Blocks until every record appended so far is written or lost (tests, shutdown). Cold.
  void flush();

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  /// True once after one or more drops since the last call (sequencer thread).
  bool take_drop_flag() noexcept { return drop_flag_.exchange(false, std::memory_order_relaxed); }
  /// Appended records that are completely in the file.
  std::uint64_t written() const noexcept { return written_.load(std::memory_order_acquire); }
  /// Appended records that never reached the file because of a write error.
  std::uint64_t lost() const noexcept { return lost_.load(std::memory_order_acquire); }
  /// Failed write/fdatasync calls (at most 1: the writer stops at the first).
  std::uint64_t write_errors() const noexcept { return write_errors_.load(std::memory_order_relaxed); }
  /// errno of the first failure (0 = none); valid once failed() is true.
  int error() const noexcept { return error_.load(std::memory_order_acquire); }
  const std::string& path() const noexcept { return cfg_.path; }

 private:
  struct Queue;
  void run() noexcept;
  /// Writes the batch; returns how many of its leading records are completely in the file.
  std::size_t write_batch(JournalRecord* recs, std::size_t n) noexcept;
  void fail(int err, std::uint64_t at, const char* what) noexcept;

  JournalWriterConfig cfg_;
  int fd_ = -1;
  std::unique_ptr<Queue> q_;
  std::uint64_t next_seq_;          // writer thread only
  std::uint64_t drops_marked_ = 0;  // writer thread only
  std::uint64_t file_off_ = 0;      // writer thread only: bytes in the file
  std::vector<std::uint8_t> buf_;   // writer thread only, sized once
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> appended_{0};
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> lost_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<bool> drop_flag_{false};
  std::atomic<std::uint64_t> write_errors_{0};
  std::atomic<int> error_{0};
  std::atomic<bool> failed_{false};
  std::thread thread_;
};

/// Why a reader stopped before the end of the file (JournalReadStats::stop).
enum class JournalStop : std::uint8_t {
  None = 0,         ///< every byte read was valid (or reading is not finished)
  Incomplete,       ///< the file ends inside its final record: torn tail (crash signature)
  BadMagic,         ///< no record magic where a record must start
  BadLength,        ///< payload_len > kMaxPayload
  BadCrc,           ///< CRC mismatch (also in the last record: a kill -9 cannot make one)
  SeqHole,          ///< seq is not last_seq + 1 (records missing or out of place)
  TailHoldsRecord,  ///< the "incomplete final record" holds another record header: more
                    ///< than one record is damaged, not a torn write
  NoVersion,        ///< the first record is not a Version record: not an xtb journal
  VersionMismatch,  ///< a Version record of another format version
};
/// Short English description ("CRC mismatch", …).
const char* to_string(JournalStop s) noexcept;

struct JournalReadStats {
  std::uint64_t records = 0;     ///< valid records returned
  std::uint64_t torn_tail = 0;   ///< 1 when stop == Incomplete
  std::uint64_t corrupt = 0;     ///< 1 when stop is BadMagic, BadLength, BadCrc, SeqHole, TailHoldsRecord
  std::uint64_t version_mismatch = 0;  ///< 1 when stop is NoVersion or VersionMismatch
  std::uint64_t dropped_marks = 0;   ///< Local{Dropped} markers seen
  std::uint64_t valid_end = 0;       ///< bytes of the valid prefix (= where reading stopped)
  std::uint64_t last_seq = 0;
  std::uint64_t size = 0;            ///< bytes in the file
  JournalStop stop = JournalStop::None;
  std::uint64_t found_seq = 0;       ///< SeqHole: the seq found (last_seq + 1 expected)
};

class JournalReader {
 public:
  /// Reads the whole file (a missing file reads as empty). Throws std::system_error on
  /// other I/O errors and std::runtime_error for a path that is not a regular file (a
  /// directory, a device, a pipe); both messages name the path. Cold path.
  static JournalReader open(const std::string& path);
  explicit JournalReader(std::vector<std::uint8_t> bytes);
  /// Reads `size` bytes at `data` without copying them (they must outlive the reader).
  JournalReader(const std::uint8_t* data, std::size_t size) noexcept;
  JournalReader(JournalReader&& o) noexcept;
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;

  /// Next valid record into `out`; false at the end or at the first invalid record.
  bool next(JournalRecord& out) noexcept;
  const JournalReadStats& stats() const noexcept { return stats_; }
  /// The bytes being read (the whole file).
  const std::uint8_t* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }

 private:
  bool stop(JournalStop why) noexcept;

  std::vector<std::uint8_t> owned_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t off_ = 0;
  bool done_ = false;
  JournalReadStats stats_;
};

}  // namespace xtb::engine
