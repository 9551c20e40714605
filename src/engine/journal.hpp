// journal.hpp — append-only order journal: a writer thread fed by a bounded lock-free
// queue, and a reader that validates records for recovery. Layout: journal_format.hpp.
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
//   * Idle: sleeps `idle_sleep_ns` when the queue is empty (no syscall on the hot side).
// Reader (JournalReader): validates magic, version, length, sequence and CRC; stops
// at the first bad record. A short or CRC-failing *last* record is a torn tail (the
// expected crash signature) and counts in `torn_tail`; anything else bad is `corrupt`.
// `valid_end()` is the byte length of the good prefix: open the writer with it so the
// new records follow the good prefix instead of the torn bytes.
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
  std::uint64_t truncate_to = UINT64_MAX;  ///< cut the file to this size first (reader valid_end)
  std::uint64_t next_seq = 1;              ///< first seq to write (reader last_seq + 1)
};

class JournalWriter final : public JournalSink {
 public:
  /// Opens/creates the file, truncates it to cfg.truncate_to when smaller than its size,
  /// writes a Version record if the file is empty and starts the writer thread.
  /// Throws std::system_error on I/O errors. Cold path.
  explicit JournalWriter(const JournalWriterConfig& cfg);
  /// Drains the queue, writes everything, syncs and joins.
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  /// Sequencer thread only (single producer). Never blocks or allocates.
  bool append(RecordType type, const void* payload, std::uint16_t len,
              std::int64_t now_ns) noexcept override;

  /// Blocks until every record appended so far is written (tests, shutdown). Cold.
  void flush();

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  /// True once after one or more drops since the last call (sequencer thread).
  bool take_drop_flag() noexcept { return drop_flag_.exchange(false, std::memory_order_relaxed); }
  std::uint64_t written() const noexcept { return written_.load(std::memory_order_acquire); }
  std::uint64_t write_errors() const noexcept { return write_errors_.load(std::memory_order_relaxed); }

 private:
  struct Queue;
  void run() noexcept;
  void write_batch(JournalRecord* recs, std::size_t n) noexcept;

  JournalWriterConfig cfg_;
  int fd_ = -1;
  std::unique_ptr<Queue> q_;
  std::uint64_t next_seq_;          // writer thread only
  std::uint64_t drops_marked_ = 0;  // writer thread only
  std::vector<std::uint8_t> buf_;   // writer thread only, sized once
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> appended_{0};
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<bool> drop_flag_{false};
  std::atomic<std::uint64_t> write_errors_{0};
  std::thread thread_;
};

struct JournalReadStats {
  std::uint64_t records = 0;     ///< valid records returned
  std::uint64_t torn_tail = 0;   ///< 1 when the file ends inside / with a bad last record
  std::uint64_t corrupt = 0;     ///< 1 when a bad record is followed by more bytes
  std::uint64_t version_mismatch = 0;
  std::uint64_t dropped_marks = 0;   ///< Local{Dropped} markers seen
  std::uint64_t valid_end = 0;       ///< bytes of the valid prefix
  std::uint64_t last_seq = 0;
};

class JournalReader {
 public:
  /// Reads the whole file (a missing file reads as empty). Throws std::system_error on
  /// other I/O errors. Cold path.
  static JournalReader open(const std::string& path);
  explicit JournalReader(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}

  /// Next valid record into `out`; false at the end or at the first invalid record.
  bool next(JournalRecord& out) noexcept;
  const JournalReadStats& stats() const noexcept { return stats_; }

 private:
  bool fail(bool is_tail) noexcept;

  std::vector<std::uint8_t> bytes_;
  std::size_t off_ = 0;
  bool done_ = false;
  JournalReadStats stats_;
};

}  // namespace xtb::engine
