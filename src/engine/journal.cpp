// journal.cpp — writer thread, record CRC and the validating reader.
#include "engine/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <concurrentqueue/concurrentqueue.h>
#include <system_error>

namespace xtb::engine {
namespace {

// Blocks of 64 records and an explicit-producer block index big enough for the whole
// preallocated pool, so try_enqueue never needs to grow (and so never allocates).
struct QueueTraits : moodycamel::ConcurrentQueueDefaultTraits {
  static const std::size_t BLOCK_SIZE = 64;
  static const std::size_t EXPLICIT_INITIAL_INDEX_SIZE = 1024;
};

constexpr std::size_t kBatch = 64;

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

struct JournalWriter::Queue {
  explicit Queue(std::size_t cap) : q(cap), producer(q), consumer(q) {}
  moodycamel::ConcurrentQueue<JournalRecord, QueueTraits> q;
  moodycamel::ProducerToken producer;  // used by the sequencer thread only
  moodycamel::ConsumerToken consumer;  // used by the writer thread only
};

std::uint32_t record_crc(const RecordHeader& h, const void* payload) noexcept {
  uLong c = crc32(0L, Z_NULL, 0);
  c = crc32(c, reinterpret_cast<const Bytef*>(&h) + 4, 20);
  c = crc32(c, static_cast<const Bytef*>(payload), h.payload_len);
  return static_cast<std::uint32_t>(c);
}

JournalWriter::JournalWriter(const JournalWriterConfig& cfg)
    : cfg_(cfg), q_(std::make_unique<Queue>(cfg.queue_capacity)), next_seq_(cfg.next_seq) {
  fd_ = ::open(cfg.path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_errno("journal open");
  struct stat st{};
  if (::fstat(fd_, &st) != 0) throw_errno("journal fstat");
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (cfg.truncate_to < size) {
    if (::ftruncate(fd_, static_cast<off_t>(cfg.truncate_to)) != 0) throw_errno("journal truncate");
    size = cfg.truncate_to;
  }
  if (::lseek(fd_, static_cast<off_t>(size), SEEK_SET) < 0) throw_errno("journal seek");
  buf_.resize(kBatch * 2 * sizeof(JournalRecord));
  if (size == 0) {
    next_seq_ = 1;  // a fresh file restarts the sequence with its Version record
    LocalRecord v{};
    v.kind = LocalKind::Version;
    v.value = kFormatVersion;
    JournalRecord r{};
    r.h.type = RecordType::Version;
    r.h.payload_len = sizeof(v);
    std::memcpy(r.payload, &v, sizeof(v));
    write_batch(&r, 1);
  }
  thread_ = std::thread([this] { run(); });
}

JournalWriter::~JournalWriter() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
  }
}

bool JournalWriter::append(RecordType type, const void* payload, std::uint16_t len,
                           std::int64_t now_ns) noexcept {
  if (len > kMaxPayload) return false;
  JournalRecord r;
  r.h = RecordHeader{kJournalMagic, type, len, 0, now_ns, 0, 0};
  std::memcpy(r.payload, payload, len);
  // Single producer with its own token: FIFO order is preserved, and try_enqueue only
  // uses preallocated blocks.
  if (!q_->q.try_enqueue(q_->producer, r)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    drop_flag_.store(true, std::memory_order_relaxed);
    return false;
  }
  appended_.fetch_add(1, std::memory_order_release);
  return true;
}

void JournalWriter::write_batch(JournalRecord* recs, std::size_t n) noexcept {
  std::size_t len = 0;
  for (std::size_t i = 0; i < n; ++i) {
    RecordHeader& h = recs[i].h;
    h.magic = kJournalMagic;
    h.seq = next_seq_++;
    h.reserved = 0;
    h.crc = record_crc(h, recs[i].payload);
    std::memcpy(buf_.data() + len, &h, sizeof(h));
    std::memcpy(buf_.data() + len + sizeof(h), recs[i].payload, h.payload_len);
    len += sizeof(h) + h.payload_len;
  }
  std::size_t off = 0;
  while (off < len) {
    const ssize_t w = ::write(fd_, buf_.data() + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      // The batch is lost as surely as a dropped record: count it and make the
      // sequencer reconcile with the venue.
      write_errors_.fetch_add(1, std::memory_order_relaxed);
      drop_flag_.store(true, std::memory_order_relaxed);
      return;
    }
    off += static_cast<std::size_t>(w);
  }
}

void JournalWriter::run() noexcept {
  JournalRecord recs[kBatch + 1];
  auto last_sync = std::chrono::steady_clock::now();
  bool dirty = false;
  for (;;) {
    const bool stopping = stop_.load(std::memory_order_acquire);
    std::size_t n = 0;
    const std::uint64_t drops = dropped_.load(std::memory_order_relaxed);
    if (drops != drops_marked_) {
      LocalRecord l{};
      l.kind = LocalKind::Dropped;
      l.value = drops - drops_marked_;
      recs[0] = JournalRecord{};
      recs[0].h.type = RecordType::Local;
      recs[0].h.payload_len = sizeof(l);
      std::memcpy(recs[0].payload, &l, sizeof(l));
      drops_marked_ = drops;
      n = 1;
    }
    const std::size_t got = q_->q.try_dequeue_bulk(q_->consumer, recs + n, kBatch);
    n += got;
    if (n > 0) {
      write_batch(recs, n);
      dirty = true;
      written_.fetch_add(got, std::memory_order_release);
    }
    const auto now = std::chrono::steady_clock::now();
    if (cfg_.sync_interval_ns > 0 && dirty &&
        now - last_sync >= std::chrono::nanoseconds(cfg_.sync_interval_ns)) {
      ::fdatasync(fd_);
      last_sync = now;
      dirty = false;
    }
    if (got == 0) {
      if (stopping) return;  // everything enqueued before stop_ has been written
      std::this_thread::sleep_for(std::chrono::nanoseconds(cfg_.idle_sleep_ns));
    }
  }
}

void JournalWriter::flush() {
  const std::uint64_t target = appended_.load(std::memory_order_acquire);
  while (written_.load(std::memory_order_acquire) < target)
    std::this_thread::sleep_for(std::chrono::microseconds(100));
}

JournalReader JournalReader::open(const std::string& path) {
  std::vector<std::uint8_t> bytes;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return JournalReader(std::move(bytes));
    throw_errno("journal open for read");
  }
  std::uint8_t chunk[65536];
  for (;;) {
    const ssize_t r = ::read(fd, chunk, sizeof(chunk));
    if (r < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      throw std::system_error(e, std::generic_category(), "journal read");
    }
    if (r == 0) break;
    bytes.insert(bytes.end(), chunk, chunk + r);
  }
  ::close(fd);
  return JournalReader(std::move(bytes));
}

bool JournalReader::fail(bool is_tail) noexcept {
  (is_tail ? stats_.torn_tail : stats_.corrupt) = 1;
  done_ = true;
  return false;
}

bool JournalReader::next(JournalRecord& out) noexcept {
  if (done_) return false;
  const std::size_t left = bytes_.size() - off_;
  if (left == 0) {
    done_ = true;
    return false;
  }
  if (left < sizeof(RecordHeader)) return fail(true);
  RecordHeader h;
  std::memcpy(&h, bytes_.data() + off_, sizeof(h));
  if (h.magic != kJournalMagic || h.payload_len > kMaxPayload) return fail(false);
  const std::size_t total = sizeof(h) + h.payload_len;
  if (left < total) return fail(true);
  const bool last = left == total;
  if (record_crc(h, bytes_.data() + off_ + sizeof(h)) != h.crc) return fail(last);
  if (h.seq != stats_.last_seq + 1) return fail(false);  // a hole: records are missing
  out.h = h;
  std::memcpy(out.payload, bytes_.data() + off_ + sizeof(h), h.payload_len);
  if (h.type == RecordType::Version) {
    LocalRecord v;
    if (!payload_as(out, v) || v.value != kFormatVersion) {
      stats_.version_mismatch = 1;
      done_ = true;
      return false;
    }
  } else if (stats_.records == 0) {
    stats_.version_mismatch = 1;  // every file starts with its Version record
    done_ = true;
    return false;
  }
  if (h.type == RecordType::Local) {
    LocalRecord l;
    if (payload_as(out, l) && l.kind == LocalKind::Dropped) ++stats_.dropped_marks;
  }
  off_ += total;
  stats_.valid_end = off_;
  stats_.last_seq = h.seq;
  ++stats_.records;
  return true;
}

}  // namespace xtb::engine
