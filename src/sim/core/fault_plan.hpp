// fault_plan.hpp — injected faults of the simulated venue, from a YAML file (`--faults`)
// or the control endpoint (POST /sim/fault), so tests can rehearse what the real venue
// does on a bad day and assert that the engine survived it.
//
// Fault types (YAML `type`, control `type=`):
//   kill_connections  close connections now / at `at` — target: all | market | user | rest
//   expire_listen_key the face's active user-stream key expires (expiry event, stream closed)
//   delay_ack         the next `count` order-entry answers are held `ms` milliseconds (the
//                     order is executed at once: its user-stream events precede the ack)
//   drop_ack          the next `count` order-entry requests are executed, the connection is
//                     then closed without an answer (outcome unknown to the client)
//   rest_error        the next `count` REST requests get HTTP `status` (default 503);
//                     `process: true` executes them first ("Unknown error..." = execution
//                     status unknown), else "Service Unavailable." (not executed)
//   rest_timeout      the next `count` REST requests are never answered nor executed
//   drop_event        the next `count` user-stream events are not sent
//   duplicate_event   the next `count` user-stream events are sent twice
//   reorder_events    the next `count` user-stream events are each held back and sent after
//                     the event that follows them (or after 1 s)
// Common keys: `at` (seconds after server start; absent = now), `count` (default 1),
// `path` (REST faults: only this request path). Order-entry endpoints are the face's
// (its route table marks them: new / cancel order, batches, conditional orders, cancel-all).
//
// Every fault that takes effect is logged on stderr as one line `fault: <type> ...`.
// Threads: server thread. Allocation: cold (specs are few).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace xtb::sim {

enum class FaultType : std::uint8_t {
  KillConnections, ExpireListenKey, DelayAck, DropAck, RestError, RestTimeout,
  DropEvent, DuplicateEvent, ReorderEvents,
};
enum class FaultTarget : std::uint8_t { All, Market, User, Rest };

const char* to_string(FaultType t) noexcept;
const char* to_string(FaultTarget t) noexcept;

struct FaultSpec {
  FaultType type = FaultType::KillConnections;
  double at_s = -1;               ///< seconds after start; < 0 = immediately
  std::uint32_t count = 1;
  std::int64_t ms = 0;            ///< delay_ack
  std::uint16_t status = 503;     ///< rest_error
  bool process = false;           ///< rest_error
  FaultTarget target = FaultTarget::All;  ///< kill_connections
  std::string path;               ///< REST faults: exact path filter ("" = any)
};

/// Parses a YAML fault file: a list, or a map with key `faults:` holding the list.
/// Throws std::runtime_error with the offending entry on malformed input. Cold path.
std::vector<FaultSpec> load_fault_file(const std::string& path);
/// Arms every fault of the YAML file `path` relative to `start_ms` (no-op for ""). Throws
/// std::runtime_error on a malformed file or more than FaultInjector::kMaxArmed faults.
class FaultInjector;
void arm_fault_file(const std::string& path, FaultInjector& faults, EpochMs start_ms);
/// Largest `at` (seconds after start) a fault may name: about 31 years.
inline constexpr double kMaxAtSeconds = 1e9;
/// Parses one fault from name/value pairs (control endpoint). False + `error` if invalid
/// (`at` must be a finite number of seconds in 0..kMaxAtSeconds).
bool parse_fault(std::string_view type, std::string_view count, std::string_view ms, std::string_view status,
                 std::string_view process, std::string_view target, std::string_view path, std::string_view at,
                 FaultSpec& out, std::string& error);

/// What to do with one user-stream event.
enum class EventFault : std::uint8_t { None, Drop, Duplicate, Reorder };

/// A REST fault decision for one request.
struct RestFault {
  enum Kind : std::uint8_t { None, Error, Timeout, DelayAck, DropAck } kind = None;
  std::uint16_t status = 0;
  bool process = false;
  std::int64_t delay_ms = 0;
};

class FaultInjector {
 public:
  /// At most this many faults are armed at once (D18/R23: the list and its log lines are
  /// bounded); add() refuses more.
  static constexpr std::size_t kMaxArmed = 1024;
  /// Schedules `f` relative to the server start `start_ms` (exchange ms). False (nothing
  /// armed, nothing logged) when kMaxArmed faults are already pending.
  bool add(const FaultSpec& f, EpochMs start_ms);
  /// Timed actions (kill_connections, expire_listen_key) due at `now`; removes them.
  std::vector<FaultSpec> take_due_actions(EpochMs now);
  /// Decision for a REST request to `path` (order_entry: an order-entry endpoint).
  RestFault on_rest_request(std::string_view path, bool order_entry, EpochMs now) noexcept;
  /// Decision for the next user-stream event.
  EventFault on_user_event(EpochMs now) noexcept;
  std::uint64_t fired() const noexcept { return fired_; }
  std::size_t pending() const noexcept { return specs_.size(); }

 private:
  struct Armed {
    FaultSpec spec;
    EpochMs at_ms;
    std::uint32_t left;
  };
  Armed* find_active(FaultType t, std::string_view path, EpochMs now) noexcept;
  void consume(Armed* a) noexcept;

  std::vector<Armed> specs_;
  std::uint64_t fired_ = 0;
};

}  // namespace xtb::sim
