// run_watch.hpp — RunWatch: the main thread's watch over a running `xtb run` for the
// conditions that the stages cannot fix by retrying, each raised as an ALERT (stderr line
// "xtb run: ALERT: …", the notifier when notify: is on, counted in the summary):
//   * TLS certificate verification failed kMaxVerifyStreak times in a row on one stage's
//     links with none of them connecting in between (D12: the venue now presents a
//     certificate we do not trust) → the run stops ("TLS verification failing: …");
//   * a venue link (market / user feed, REST connection) never connected within
//     kLinkDownDeadlineNs of the start although attempts failed, or a stream (a "steady"
//     link: it must stay open) has been down that long (D13: e.g. the venue refuses the
//     handshake or the WebSocket upgrade) → stop;
//   * live orders the venue lost (closed locally as EXPIRED; D5) and ids of ours the venue
//     knows and the engine did not (reconciliation / user stream) → alert, no stop.
// finish() lists what makes the run a failure whatever else happened (a stop forced by this
// watch; a link that never came up; streams down for the last kLinkDownAtEndNs or more of
// the run) and alerts what it had not alerted; the summary prints them, the exit code is 3.
// Thread: main (cold); reads the stages' relaxed atomics (LinkHealth, SequencerProgress).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "net/client/link_health.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"

namespace xtb::run {

/// Consecutive certificate-verification failures (one stage's links) that stop a run.
inline constexpr std::uint32_t kMaxVerifyStreak = 8;
/// A link that has not connected this long after the start, or a stream down this long,
/// stops the run.
inline constexpr std::int64_t kLinkDownDeadlineNs = 30'000'000'000;
/// Streams down for at least this long when the run ends: the run failed its job.
inline constexpr std::int64_t kLinkDownAtEndNs = 5'000'000'000;

struct WatchedLinks {
  std::string name;  ///< "market/user streams", "REST connections" (several venues: "<venue> ...")
  const live::LinkHealth* health;
  bool steady;       ///< must stay connected (streams); REST connections may come and go
};

class RunWatch {
 public:
  using AlertSink = std::function<void(const std::string&)>;
  RunWatch(std::vector<WatchedLinks> links, std::int64_t start_ns, AlertSink alert,
           std::int64_t link_down_deadline_ns = kLinkDownDeadlineNs);

  /// Checks everything once; alerts what is new. Returns a stop reason, or "".
  std::string check(const SequencerProgress& p, std::int64_t now_ns);
  /// At the end of the run, after the last check() and before the stages close their
  /// connections: the reasons the run failed its job (alerted unless the stop was).
  std::vector<std::string> finish();
  /// What the latest finish() returned.
  const std::vector<std::string>& problems() const noexcept { return problems_; }
  std::uint64_t alerts() const noexcept { return alerts_; }

 private:
  void raise(const std::string& text);
  void track_down(std::int64_t now_ns);
  std::string check_links(std::int64_t now_ns);

  std::vector<WatchedLinks> links_;
  std::int64_t start_ns_, deadline_ns_;
  AlertSink alert_;
  std::uint64_t alerts_ = 0, seen_lost_ = 0, seen_unknown_ = 0;
  std::int64_t down_since_ns_ = 0, last_check_ns_ = 0;
  std::string stop_, down_text_;
  std::vector<std::string> problems_;
};

}  // namespace xtb::run
