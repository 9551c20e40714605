// run_watch.cpp — see run_watch.hpp.
#include "app/run/run_watch.hpp"

#include <utility>

namespace xtb::run {
namespace {

const std::string kNeverUp = "venue connection never came up: ";
const std::string kDown = "venue streams down: ";

std::string reason_text(const live::LinkHealth& h) {
  const std::int32_t reason = h.last_reason.load(std::memory_order_relaxed);
  return std::to_string(h.failed_attempts.load(std::memory_order_relaxed)) + " failed attempts, last reason " +
         std::to_string(reason) + " " + net::conn_reason::describe(reason);
}

// Links that never connected although attempts failed ("" when none). Not yet up without a
// failed attempt is a slow start (e.g. SIGINT during start-up), not a fault.
std::string never_up_text(const WatchedLinks& l) {
  const std::uint32_t n = l.health->links.load(std::memory_order_relaxed);
  const std::uint32_t up = l.health->links_up_once.load(std::memory_order_relaxed);
  if (up >= n || l.health->failed_attempts.load(std::memory_order_relaxed) == 0) return {};
  return std::to_string(n - up) + " of " + std::to_string(n) + " " + l.name + " never connected (" +
         reason_text(*l.health) + ")";
}

// Steady links (streams) not usable now although attempts failed ("" when none).
std::string down_text(const WatchedLinks& l) {
  if (!l.steady) return {};
  const std::uint32_t n = l.health->links.load(std::memory_order_relaxed);
  const std::uint32_t up = l.health->links_up.load(std::memory_order_relaxed);
  if (up >= n || l.health->failed_attempts.load(std::memory_order_relaxed) == 0) return {};
  return std::to_string(n - up) + " of " + std::to_string(n) + " " + l.name + " not connected (" +
         reason_text(*l.health) + ")";
}

std::string seconds(std::int64_t ns) { return std::to_string(ns / 1'000'000'000); }

}  // namespace

RunWatch::RunWatch(std::vector<WatchedLinks> links, std::int64_t start_ns, AlertSink alert,
                   std::int64_t link_down_deadline_ns)
    : links_(std::move(links)), start_ns_(start_ns), deadline_ns_(link_down_deadline_ns), alert_(std::move(alert)) {}

void RunWatch::raise(const std::string& text) {
  ++alerts_;
  if (alert_) alert_(text);
}

void RunWatch::track_down(std::int64_t now_ns) {
  std::string down;
  for (const WatchedLinks& l : links_)
    if (std::string t = down_text(l); !t.empty()) down += (down.empty() ? "" : ", ") + t;
  if (down.empty()) down_since_ns_ = 0;
  else if (down_since_ns_ == 0) down_since_ns_ = now_ns;
  down_text_ = down;
  last_check_ns_ = now_ns;
}

std::string RunWatch::check_links(std::int64_t now_ns) {
  for (const WatchedLinks& l : links_) {
    const std::uint32_t streak = l.health->verify_streak.load(std::memory_order_relaxed);
    if (streak >= kMaxVerifyStreak)
      return "TLS verification failing: " + std::to_string(streak) + " certificate verification failures in a row on the " +
             l.name + " (reason " + std::to_string(l.health->last_reason.load(std::memory_order_relaxed)) +
             "): the venue's certificate is not trusted (venue.ca_file)";
  }
  if (now_ns - start_ns_ >= deadline_ns_)
    for (const WatchedLinks& l : links_)
      if (std::string t = never_up_text(l); !t.empty()) return kNeverUp + t + " within " + seconds(deadline_ns_) + " s";
  if (down_since_ns_ != 0 && now_ns - down_since_ns_ >= deadline_ns_)
    return kDown + down_text_ + " for " + seconds(now_ns - down_since_ns_) + " s";
  return {};
}

std::string RunWatch::check(const SequencerProgress& p, std::int64_t now_ns) {
  const std::uint64_t lost = p.venue_lost.load(std::memory_order_relaxed);
  if (lost > seen_lost_) {
    raise(std::to_string(lost - seen_lost_) + " live order(s) the venue no longer knows (absent from its open orders, "
          "query: no such order): closed locally as EXPIRED, the side trades again");
    seen_lost_ = lost;
  }
  const std::uint64_t unknown = p.unknown_own.load(std::memory_order_relaxed);
  if (unknown > seen_unknown_) {
    raise(std::to_string(unknown - seen_unknown_) + " order id(s) with our client id prefix known to the venue but not "
          "to the engine (open ones are adopted; check for a lost journal or a second engine on this account)");
    seen_unknown_ = unknown;
  }
  track_down(now_ns);
  if (!stop_.empty()) return {};
  stop_ = check_links(now_ns);
  if (!stop_.empty()) raise(stop_ + "; stopping the run");
  return stop_;
}

std::vector<std::string> RunWatch::finish() {
  std::vector<std::string> out;
  if (!stop_.empty()) out.push_back("stopped: " + stop_);
  const bool stopped_for_links = stop_.rfind(kNeverUp, 0) == 0 || stop_.rfind(kDown, 0) == 0;
  std::vector<std::string> found;
  for (const WatchedLinks& l : links_)
    if (std::string t = never_up_text(l); !t.empty()) found.push_back(t);
  // Streams down for the end of the run (state as of the last check(), before the stages
  // closed their connections for the shutdown).
  if (found.empty() && down_since_ns_ != 0 && last_check_ns_ - down_since_ns_ >= kLinkDownAtEndNs)
    found.push_back(down_text_ + " for the last " + seconds(last_check_ns_ - down_since_ns_) + " s of the run");
  for (std::string& t : found) {
    if (stopped_for_links) continue;  // the stop already said it
    raise(t + ": nothing could be traded through it");
    out.push_back(std::move(t));
  }
  problems_ = out;
  return out;
}

}  // namespace xtb::run
