// link_health.hpp — LinkHealth: what the main thread needs to know about a stage's venue
// connections ("links": the ingest stage's WebSocket feeds, the egress stage's REST
// connections) to stop a run that cannot work instead of retrying until --duration:
//   * links / links_up / links_up_once — persistent links started, how many are connected
//     now (TCP + TLS up) and how many ever were. A link that never comes up or stays down
//     (the venue refuses the handshake, e.g. xtb-sim --max-connections; D13) is a run that
//     cannot do its job.
//   * verify_streak — consecutive TLS certificate-verification failures of this stage's
//     links (reason codes net::conn_reason::kVerifyBase + X509 code), reset whenever one of
//     its links connects. A venue whose certificate changed to an untrusted one (D12) makes
//     it grow on every reconnect attempt.
// Writer: the stage's own thread (on_state, from the connection-state callbacks; relaxed
// atomics, no allocation). Readers: any thread (a recent value, never a torn one).
#pragma once
#include <atomic>
#include <cstdint>

#include "core/event.hpp"
#include "net/connection.hpp"

namespace xtb::live {

/// One link's state as its stage keeps it (writer thread only).
struct LinkFlags {
  bool up = false, up_once = false;
};

struct LinkHealth {
  std::atomic<std::uint32_t> links{0};          ///< persistent links started
  std::atomic<std::uint32_t> links_up{0};       ///< of them, connected now
  std::atomic<std::uint32_t> links_up_once{0};  ///< of them, connected at least once
  std::atomic<std::uint32_t> verify_streak{0};  ///< consecutive verification failures (any link)
  std::atomic<std::uint64_t> verify_failures{0};
  std::atomic<std::uint64_t> failed_attempts{0};  ///< Disconnected with a non-zero reason
  std::atomic<std::int32_t> last_reason{0};       ///< reason code of the latest failure

  static bool is_verify_failure(std::int32_t reason) noexcept {
    return reason >= net::conn_reason::kVerifyBase && reason < net::conn_reason::kCodecBase;
  }

  /// Writer thread: one link started (call once per persistent link).
  void add_link() noexcept { bump(links); }

  /// Writer thread: whether the link whose flags are `f` is usable now (egress: TCP + TLS
  /// connected; ingest: the WebSocket is open — a venue that answers the upgrade with 503
  /// never makes a stream usable).
  void set_up(LinkFlags& f, bool up) noexcept {
    constexpr auto r = std::memory_order_relaxed;
    if (up == f.up) return;
    if (up && !f.up_once) bump(links_up_once);
    if (up) bump(links_up);
    else links_up.store(links_up.load(r) - 1, r);
    f.up = up;
    f.up_once = f.up_once || up;
  }

  /// Writer thread: a connection-state callback of one of the links (the pump's reason).
  void on_state(ConnStatus s, std::int32_t reason) noexcept {
    constexpr auto r = std::memory_order_relaxed;
    if (s == ConnStatus::Connected) verify_streak.store(0, r);  // TLS verified: the streak is over
    if (s != ConnStatus::Disconnected || reason == net::conn_reason::kClean) return;
    failed_attempts.store(failed_attempts.load(r) + 1, r);
    last_reason.store(reason, r);
    if (!is_verify_failure(reason)) return;
    verify_failures.store(verify_failures.load(r) + 1, r);
    bump(verify_streak);
  }

 private:
  static void bump(std::atomic<std::uint32_t>& a) noexcept {
    a.store(a.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
};

}  // namespace xtb::live
