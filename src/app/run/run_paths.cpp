// run_paths.cpp — see run_paths.hpp.
#include "app/run/run_paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace xtb::run {
namespace {

std::string fail(const std::string& flag, const std::string& path, const std::string& why) {
  return flag + " '" + path + "': " + why;
}

std::string errno_text(int e) { return std::strerror(e); }

std::string parent_dir(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

OutputFile::OutputFile(const std::string& path, const std::string& flag) : path_(path), flag_(flag) {
  if (path.empty() || path.back() == '/') throw std::runtime_error(fail(flag, path, "not a file name"));
  struct stat st {};
  const std::string dir = parent_dir(path);
  if (::stat(dir.c_str(), &st) != 0) throw std::runtime_error(fail(flag, path, "directory '" + dir + "': " + errno_text(errno)));
  if (!S_ISDIR(st.st_mode)) throw std::runtime_error(fail(flag, path, "'" + dir + "' is not a directory"));
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw std::runtime_error(fail(flag, path, S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file"));
  tmp_ = path + ".tmp-" + std::to_string(::getpid());
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(fail(flag, path, "cannot create '" + tmp_ + "': " + errno_text(errno)));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

std::string OutputFile::commit(const std::string& text) {
  if (fd_ < 0) return fail(flag_, path_, "already written or never opened");
  std::size_t done = 0;
  int err = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (err == 0 && ::fsync(fd_) != 0) err = errno;
  if (::close(fd_) != 0 && err == 0) err = errno;
  fd_ = -1;
  if (err == 0 && ::rename(tmp_.c_str(), path_.c_str()) != 0) err = errno;
  if (err == 0) return {};
  ::unlink(tmp_.c_str());
  return fail(flag_, path_, "cannot write: " + errno_text(err) + " (the file was left as it was)");
}

void check_readable_file(const std::string& path, const std::string& flag) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error(fail(flag, path, errno_text(errno)));
  if (!S_ISREG(st.st_mode))
    throw std::runtime_error(fail(flag, path, S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file"));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(fail(flag, path, errno_text(errno)));
  ::close(fd);
}

}  // namespace xtb::run
