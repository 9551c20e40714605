// fake_bot_api.cpp — see fake_bot_api.hpp.
#include "fake_bot_api.hpp"

#include <curl/curl.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <simdjson.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace xtb::test {
namespace {

std::size_t collect(char* d, std::size_t s, std::size_t n, void* u) {
  static_cast<std::string*>(u)->append(d, s * n);
  return s * n;
}

/// One control request; returns the body ("" on failure).
std::string control(int port, const std::string& path, const std::string* post) {
  CURL* c = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + path, out;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
  if (post) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(post->size()));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post->c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_cleanup(c);
  return rc == CURLE_OK ? out : std::string();
}

}  // namespace

FakeBotApi::FakeBotApi() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int in[2], out[2];
  REQUIRE(pipe(in) == 0);
  REQUIRE(pipe(out) == 0);
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[1]);
    close(out[0]);
    const char* argv[] = {"/usr/bin/python3", XTB_NOTIFY_PEER, nullptr};
    execv(argv[0], const_cast<char* const*>(argv));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  in_fd_ = in[1];
  out_fd_ = out[0];
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[128];
    const ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<std::size_t>(n));
  }
  REQUIRE_MESSAGE(line.rfind("PORT ", 0) == 0, "fake Bot API did not start: '" << line << "'");
  port_ = std::stoi(line.substr(5));
}

FakeBotApi::~FakeBotApi() {
  if (in_fd_ >= 0) close(in_fd_);  // the peer exits on stdin EOF
  if (out_fd_ >= 0) close(out_fd_);
  if (pid_ > 0) {
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void FakeBotApi::script(const std::vector<std::string>& actions) {
  std::string body = "[";
  for (std::size_t i = 0; i < actions.size(); ++i) body += (i ? ",\"" : "\"") + actions[i] + "\"";
  body += "]";
  REQUIRE(control(port_, "/control/script", &body) != "");
}

void FakeBotApi::reset() {
  const std::string empty;
  REQUIRE(control(port_, "/control/reset", &empty) != "");
}

std::vector<BotRequest> FakeBotApi::requests() {
  const std::string body = control(port_, "/control/requests", nullptr);
  std::vector<BotRequest> out;
  simdjson::dom::parser parser;
  simdjson::dom::array arr;
  REQUIRE(parser.parse(body).get(arr) == simdjson::SUCCESS);
  for (simdjson::dom::element e : arr) {
    BotRequest r;
    std::string_view s;
    if (e["path"].get(s) == simdjson::SUCCESS) r.path = s;
    if (e["content_type"].get(s) == simdjson::SUCCESS) r.content_type = s;
    if (e["chat_id"].get(s) == simdjson::SUCCESS) r.chat_id = s;
    if (e["text"].get(s) == simdjson::SUCCESS) r.text = s;
    double t = 0;
    if (e["t"].get(t) == simdjson::SUCCESS) r.t = t;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<BotRequest> FakeBotApi::wait_requests(std::size_t n, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::vector<BotRequest> r = requests();
    if (r.size() >= n || std::chrono::steady_clock::now() > deadline) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::shared_ptr<spdlog::logger> capture_logger(std::shared_ptr<std::ostringstream>& out, const std::string& name) {
  out = std::make_shared<std::ostringstream>();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*out);
  auto log = std::make_shared<spdlog::logger>(name, sink);
  log->set_pattern("%l %v");
  log->set_level(spdlog::level::debug);
  log->flush_on(spdlog::level::debug);
  return log;
}

int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  close(fd);
  return ntohs(a.sin_port);
}

}  // namespace xtb::test
