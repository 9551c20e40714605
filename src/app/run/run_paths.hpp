// run_paths.hpp — the files `xtb run` writes or reads only at the end of a session
// (--state-out, --sim-dump), validated at start-up, before any order is placed (D7): a bad
// path must not cost the whole session and its summary.
//   OutputFile: opened at start-up as a temporary file next to the target
//     ("<path>.tmp-<pid>", same directory, so the final rename is atomic); refuses a
//     missing parent directory, a directory at the path, an unwritable directory. commit()
//     writes, fsyncs, closes and renames over the target: the target is either its old
//     content or the complete new one — never a 0-byte or half-written file (full disk).
//     Not committed → the temporary file is removed.
//   check_readable_file: a regular file that can be opened for reading.
// Errors are std::runtime_error naming the flag, the path and errno's text.
// Thread: main (cold). Not copyable.
#pragma once
#include <string>

namespace xtb::run {

class OutputFile {
 public:
  OutputFile() = default;
  /// Creates the temporary file for `path` (flag: "--state-out", for the messages).
  /// Throws std::runtime_error when the path cannot be written.
  OutputFile(const std::string& path, const std::string& flag);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool is_open() const noexcept { return fd_ >= 0; }
  const std::string& path() const noexcept { return path_; }
  /// Writes `text` and renames it over the path. Returns "" on success, else the error
  /// (flag, path, errno text); the target is untouched then. Once only.
  std::string commit(const std::string& text);

 private:
  int fd_ = -1;
  std::string path_, tmp_, flag_;
};

/// Throws std::runtime_error ("<flag> '<path>': <why>") unless `path` is a readable
/// regular file.
void check_readable_file(const std::string& path, const std::string& flag);

}  // namespace xtb::run
