// journal.cpp — writer thread, record CRC and the validating reader.
#include "engine/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstddef>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <concurrentqueue/concurrentqueue.h>
#include <stdexcept>
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

/// "journal <what>: <path>: <strerror>" (F14: every journal error names the path).
[[noreturn]] void throw_errno(int err, const char* what, const std::string& path) {
  throw std::system_error(err, std::generic_category(), std::string("journal ") + what + ": " + path);
}

/// write() all of [p, p+len) at the current offset; returns the bytes written and sets
/// `err` (0 = all written).
std::size_t write_all(int fd, const std::uint8_t* p, std::size_t len, int& err) noexcept {
  std::size_t off = 0;
  err = 0;
  while (off < len) {
    const ssize_t w = ::write(fd, p + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    if (w == 0) {  // not expected from a regular file; never spin on it
      err = EIO;
      break;
    }
    off += static_cast<std::size_t>(w);
  }
  return off;
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
  const std::string& path = cfg.path;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_errno(errno, "open", path);
  // From here on every early exit closes fd_ (the destructor does not run).
  auto refuse = [this](const std::string& why) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error(why);
  };
  struct stat st{};
  if (::fstat(fd_, &st) != 0) {
    const int e = errno;
    ::close(fd_);
    throw_errno(e, "fstat", path);
  }
  if (!S_ISREG(st.st_mode)) refuse("journal " + path + ": not a regular file");
  // One writer per journal: a second `xtb run` on the same file would interleave records.
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    if (e == EWOULDBLOCK)
      refuse("journal " + path + ": in use by another process (locked); not opened");
    ::close(fd_);
    throw_errno(e, "lock", path);
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (cfg.expect_size != UINT64_MAX && size != cfg.expect_size)
    refuse("journal " + path + ": changed while starting (" + std::to_string(cfg.expect_size) +
           " bytes when checked, " + std::to_string(size) + " now); not opened");
  if (cfg.truncate_to < size) {
    // The only bytes ever cut: an incomplete final record (a write interrupted by a crash).
    if (size - cfg.truncate_to >= sizeof(JournalRecord))
      refuse("journal " + path + ": refusing to cut " + std::to_string(size - cfg.truncate_to) + " bytes at offset " +
             std::to_string(cfg.truncate_to) + " (more than one record)");
    if (::ftruncate(fd_, static_cast<off_t>(cfg.truncate_to)) != 0) {
      const int e = errno;
      ::close(fd_);
      throw_errno(e, "truncate", path);
    }
    size = cfg.truncate_to;
  }
  if (::lseek(fd_, static_cast<off_t>(size), SEEK_SET) < 0) {
    const int e = errno;
    ::close(fd_);
    throw_errno(e, "seek", path);
  }
  file_off_ = size;
  buf_.resize((kBatch + 1) * sizeof(JournalRecord));
  if (size == 0) {
    next_seq_ = 1;  // a fresh file restarts the sequence with its Version record
    LocalRecord v{};
    v.kind = LocalKind::Version;
    v.value = kFormatVersion;
    JournalRecord r{};
    r.h = RecordHeader{kJournalMagic, RecordType::Version, sizeof(v), next_seq_, 0, 0, 0};
    std::memcpy(r.payload, &v, sizeof(v));
    r.h.crc = record_crc(r.h, r.payload);
    std::memcpy(buf_.data(), &r.h, sizeof(r.h));
    std::memcpy(buf_.data() + sizeof(r.h), r.payload, sizeof(v));
    int err = 0;
    const std::size_t len = sizeof(r.h) + sizeof(v);
    const std::size_t w = write_all(fd_, buf_.data(), len, err);
    if (err != 0) {
      // Nothing else was ever in the file: leave it as empty as it was.
      if (w > 0 && ::ftruncate(fd_, 0) != 0) {}
      ::close(fd_);
      fd_ = -1;
      throw_errno(err, "write", path);
    }
    ++next_seq_;
    file_off_ = len;
  }
  thread_ = std::thread([this] { run(); });
}

JournalWriter::~JournalWriter() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) {
    if (!failed_.load(std::memory_order_relaxed) && ::fdatasync(fd_) != 0) fail(errno, file_off_, "fdatasync");
    ::close(fd_);  // releases the flock
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

void JournalWriter::fail(int err, std::uint64_t at, const char* what) noexcept {
  write_errors_.fetch_add(1, std::memory_order_relaxed);
  if (failed_.load(std::memory_order_relaxed)) return;
  error_.store(err, std::memory_order_release);
  failed_.store(true, std::memory_order_release);
  // Cold (writer thread, once): the operator must see the cause.
  std::fprintf(stderr,
               "xtb: journal %s: %s failed at byte offset %llu: %s (errno %d); nothing more is written to the "
               "journal, no new order is placed (kill switch)\n",
               cfg_.path.c_str(), what, static_cast<unsigned long long>(at), std::strerror(err), err);
}

std::size_t JournalWriter::write_batch(JournalRecord* recs, std::size_t n) noexcept {
  std::size_t len = 0;
  std::size_t ends[kBatch + 1];
  for (std::size_t i = 0; i < n; ++i) {
    RecordHeader& h = recs[i].h;
    h.magic = kJournalMagic;
    h.seq = next_seq_++;
    h.reserved = 0;
    h.crc = record_crc(h, recs[i].payload);
    std::memcpy(buf_.data() + len, &h, sizeof(h));
    std::memcpy(buf_.data() + len + sizeof(h), recs[i].payload, h.payload_len);
    len += sizeof(h) + h.payload_len;
    ends[i] = len;
  }
  int err = 0;
  const std::size_t off = write_all(fd_, buf_.data(), len, err);
  const std::uint64_t start = file_off_;
  file_off_ += off;
  std::size_t complete = 0;
  while (complete < n && ends[complete] <= off) ++complete;
  // After a failure nothing more is written (failed_ stops run()): the file ends with the
  // records above, at most followed by part of one record — a torn tail, never a hole.
  if (err != 0) fail(err, start + off, "write");
  return complete;
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
    const std::size_t marker = n;
    const std::size_t got = q_->q.try_dequeue_bulk(q_->consumer, recs + n, kBatch);
    n += got;
    if (n > 0) {
      std::size_t ok = 0;
      if (!failed_.load(std::memory_order_relaxed)) {
        const std::size_t complete = write_batch(recs, n);
        ok = complete > marker ? complete - marker : 0;
        dirty = true;
      }
      // lost_ before written_: flush() reads written_ first (acquire), then lost_.
      if (got > ok) lost_.fetch_add(got - ok, std::memory_order_release);
      if (ok > 0) written_.fetch_add(ok, std::memory_order_release);
    }
    const auto now = std::chrono::steady_clock::now();
    if (cfg_.sync_interval_ns > 0 && dirty && !failed_.load(std::memory_order_relaxed) &&
        now - last_sync >= std::chrono::nanoseconds(cfg_.sync_interval_ns)) {
      if (::fdatasync(fd_) != 0) fail(errno, file_off_, "fdatasync");
      last_sync = now;
      dirty = false;
    }
    if (got == 0) {
      if (stopping) return;  // everything enqueued before stop_ has been written (or lost)
      std::this_thread::sleep_for(std::chrono::nanoseconds(cfg_.idle_sleep_ns));
    }
  }
}

void JournalWriter::flush() {
  const std::uint64_t target = appended_.load(std::memory_order_acquire);
  for (;;) {
    const std::uint64_t w = written_.load(std::memory_order_acquire);
    const std::uint64_t l = lost_.load(std::memory_order_acquire);
    if (w + l >= target) return;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

const char* to_string(JournalStop s) noexcept {
  switch (s) {
    case JournalStop::None: return "valid";
    case JournalStop::Incomplete: return "incomplete final record (torn tail)";
    case JournalStop::BadMagic: return "no record magic";
    case JournalStop::BadLength: return "payload length larger than any record";
    case JournalStop::BadCrc: return "CRC mismatch";
    case JournalStop::SeqHole: return "sequence hole";
    case JournalStop::TailHoldsRecord: return "incomplete final record that holds another record header";
    case JournalStop::NoVersion: return "no Version record first";
    case JournalStop::VersionMismatch: return "another format version";
  }
  return "?";
}

JournalReader::JournalReader(std::vector<std::uint8_t> bytes)
    : owned_(std::move(bytes)), data_(owned_.data()), size_(owned_.size()) {
  stats_.size = size_;
}

JournalReader::JournalReader(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {
  stats_.size = size_;
}

JournalReader::JournalReader(JournalReader&& o) noexcept
    : owned_(std::move(o.owned_)), data_(o.data_), size_(o.size_), off_(o.off_), done_(o.done_), stats_(o.stats_) {
  // A moved vector keeps its buffer, so data_ stays valid for owned bytes.
  o.data_ = nullptr;
  o.size_ = 0;
}

JournalReader JournalReader::open(const std::string& path) {
  std::vector<std::uint8_t> bytes;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return JournalReader(std::move(bytes));
    throw_errno(errno, "open for read", path);
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    throw_errno(e, "fstat", path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::runtime_error("journal " + path + ": not a regular file");
  }
  bytes.reserve(static_cast<std::size_t>(st.st_size));
  std::uint8_t chunk[65536];
  for (;;) {
    const ssize_t r = ::read(fd, chunk, sizeof(chunk));
    if (r < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      throw_errno(e, "read", path);
    }
    if (r == 0) break;
    bytes.insert(bytes.end(), chunk, chunk + r);
  }
  ::close(fd);
  return JournalReader(std::move(bytes));
}

bool JournalReader::stop(JournalStop why) noexcept {
  stats_.stop = why;
  switch (why) {
    case JournalStop::None: break;
    case JournalStop::Incomplete: stats_.torn_tail = 1; break;
    case JournalStop::NoVersion:
    case JournalStop::VersionMismatch: stats_.version_mismatch = 1; break;
    default: stats_.corrupt = 1; break;
  }
  done_ = true;
  return false;
}

bool JournalReader::next(JournalRecord& out) noexcept {
  if (done_) return false;
  const std::size_t left = size_ - off_;
  if (left == 0) {
    done_ = true;
    return false;
  }
  const std::uint8_t* p = data_ + off_;
  // The magic (as much of it as there is) must start every record, torn or not.
  if (std::memcmp(p, &kJournalMagic, left < 4 ? left : 4) != 0) return stop(JournalStop::BadMagic);
  RecordHeader h{};
  std::memcpy(&h, p, left < sizeof(h) ? left : sizeof(h));
  const bool have_len = left >= offsetof(RecordHeader, payload_len) + sizeof(h.payload_len);
  if (have_len && h.payload_len > kMaxPayload) return stop(JournalStop::BadLength);
  const std::size_t total = sizeof(h) + h.payload_len;
  if (left < total) {
    // The file ends inside this record. A write cut by a crash leaves part of ONE record:
    // its seq (when present) follows the last one and no later record header is in it.
    if (left >= offsetof(RecordHeader, seq) + sizeof(h.seq) && h.seq != stats_.last_seq + 1) {
      stats_.found_seq = h.seq;
      return stop(JournalStop::SeqHole);
    }
    for (std::size_t i = 1; i + 4 <= left; ++i)
      if (std::memcmp(p + i, &kJournalMagic, 4) == 0) return stop(JournalStop::TailHoldsRecord);
    return stop(JournalStop::Incomplete);
  }
  if (record_crc(h, p + sizeof(h)) != h.crc) return stop(JournalStop::BadCrc);
  if (h.seq != stats_.last_seq + 1) {  // a hole: records are missing
    stats_.found_seq = h.seq;
    return stop(JournalStop::SeqHole);
  }
  out.h = h;
  std::memcpy(out.payload, p + sizeof(h), h.payload_len);
  if (h.type == RecordType::Version) {
    LocalRecord v;
    if (!payload_as(out, v) || v.value < kMinFormatVersion || v.value > kFormatVersion)
      return stop(JournalStop::VersionMismatch);
  } else if (stats_.records == 0) {
    return stop(JournalStop::NoVersion);  // every journal starts with its Version record
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
