// server_http.cpp — SimServer's REST pipeline (sim_server.hpp): route → rate limits →
// faults → security → handler → answer with the rate-limit headers; plus the control
// endpoints under /sim/ (no key, no weight) that tests and operators use.
//
// Control endpoints (docs/simulator.md):
//   POST /sim/fault   type=...&count=&ms=&status=&process=&target=&path=&at=  (fault_plan.hpp)
//   POST /sim/start   starts a replay held by --hold
//   GET  /sim/status  replay progress and counters
//   GET  /sim/state   state dump (balances, positions, open orders; state_dump.hpp)
//   GET  /sim/ledger  fill ledger (fill_ledger.hpp)
#include <cstdio>
#include <string>

#include "core/clock.hpp"
#include "sim/exchange/state_dump.hpp"
#include "sim/server/sim_server.hpp"

namespace xtb::sim::server {
namespace {

void split_target(std::string_view target, std::string_view& path, std::string_view& query) noexcept {
  const std::size_t q = target.find('?');
  path = target.substr(0, q);
  query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

}  // namespace

void SimServer::on_http_request(ServerSession& s, const net::HttpMessageParser& req) noexcept {
  ++stats_.http_requests;
  if (is_overflow(s)) return refuse_overloaded(s);
  if (s.requests() == 1) ++stats_.http_connections;
  dispatch_rest(s, req, false);
}

void SimServer::dispatch_rest(ServerSession& s, const net::HttpMessageParser& req, bool parked) noexcept {
  std::string_view path, query;
  split_target(req.target(), path, query);
  const std::string_view body = req.body_view();
  const QueryParams::Status ps = params_.parse(query, body);
  if (control_request(s, req.method(), path)) return;
  const Endpoint* e = RestApi::route(req.method(), path);
  if (e == nullptr) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "Path %.*s, Method %.*s is invalid", static_cast<int>(path.size() > 80 ? 80 : path.size()),
                  path.data(), static_cast<int>(req.method().size()), req.method().data());
    return answer_error(s, 404, -5000, msg);
  }
  if (ps == QueryParams::Status::TooMany) return answer_error(s, 400, -1101, "Too many parameters sent for this endpoint.");
  if (ps == QueryParams::Status::Duplicate)  // error_codes.md -1101 (D18/R16)
    return answer_error(s, 400, -1101, "Duplicate values for a parameter detected.");
  if (ps != QueryParams::Status::Ok) return answer_error(s, 400, -1100, "Illegal characters found in a parameter.");
  const EpochMs now = now_ms();
  RestFault fault;
  if (!parked) {
    const RateDecision d = rate_->admit(now, RestApi::weight(*e, params_), e->orders_10s, e->orders_1m);
    char msg[200];
    switch (d.verdict) {
      case RateVerdict::Ok: break;
      case RateVerdict::WeightExceeded:
      case RateVerdict::BackingOff:
        std::snprintf(msg, sizeof msg,
                      "Too many requests; current limit is %u requests per minute. Please use the websocket for live "
                      "updates to avoid polling the API.", limits_.weight_1m);
        return answer_error(s, 429, -1003, msg, d.retry_after_s);
      case RateVerdict::OrdersExceeded:
        std::snprintf(msg, sizeof msg, "Too many new orders; current limit is %u orders per 10 SECOND.", limits_.orders_10s);
        return answer_error(s, 429, -1015, msg, d.retry_after_s);
      case RateVerdict::Banned:
        std::snprintf(msg, sizeof msg,
                      "Way too many requests; IP banned until %lld. Please use the websocket for live updates to avoid bans.",
                      static_cast<long long>(d.banned_until_ms));
        return answer_error(s, 418, -1003, msg, d.retry_after_s);
    }
    fault = faults_.on_rest_request(path, e->order_entry, now);
    // Timeout: never answered nor executed; the request stays pending until the client
    // gives up and closes (pipelined requests behind it wait too, as behind a stuck venue).
    if (fault.kind == RestFault::Timeout) return;
    if (fault.kind == RestFault::Error && !fault.process)
      return answer_error(s, fault.status, -1001, "Service Unavailable.");
    const net::HttpHeaderTable& h = req.headers();
    const AuthInput in{h.find("X-MBX-APIKEY"), h.contains("X-MBX-APIKEY"), query, body, &params_, now};
    const ApiError ae = auth_.check(e->security, in);
    if (!ae.ok()) return answer_error(s, ae.http_status, ae.reject.code, ae.reject.message());
  }
  const RestAnswer a = rest_->call(*e, RestCall{params_, now});
  if (a.wait) {
    const std::int64_t mono = Clock::monotonic_ns();
    if (!parked) return s.park(mono + opt_.depth_wait_ms * 1'000'000);
    if (mono < s.parked_until()) return;
    return answer_error(s, 408, -1007,
                        "Timeout waiting for response from backend server. Send status unknown; execution status unknown.");
  }
  if (fault.kind == RestFault::Error)  // processed, then "execution status unknown" (rate_limits.md 503 A)
    return answer_error(s, fault.status, -1000, "Unknown error, please check your request or try again later.");
  if (fault.kind == RestFault::DropAck) return s.request_close(true);
  answer(s, a.status, a.body, 0, fault.kind == RestFault::DelayAck ? fault.delay_ms : 0);
}

void SimServer::serve_parked() {
  for (auto& s : sessions_) {
    const net::HttpMessageParser* req = s->parked_request();
    if (req != nullptr && !s->closing()) dispatch_rest(*s, *req, true);
  }
}

void SimServer::answer(ServerSession& s, std::uint16_t status, std::string_view body, std::int64_t retry_after_s,
                       std::int64_t delay_ms) noexcept {
  const EpochMs now = now_ms();
  char w1m[16], o10[16], o1m[16], ra[24];
  std::snprintf(w1m, sizeof w1m, "%u", rate_->used_weight(now));
  std::snprintf(o10, sizeof o10, "%u", rate_->orders_10s(now));
  std::snprintf(o1m, sizeof o1m, "%u", rate_->orders_1m(now));
  std::snprintf(ra, sizeof ra, "%lld", static_cast<long long>(retry_after_s));
  const net::HttpField fields[] = {
      {"X-MBX-USED-WEIGHT-1M", w1m},
      {"X-MBX-ORDER-COUNT-10S", o10},
      {"X-MBX-ORDER-COUNT-1M", o1m},
      {"Retry-After", ra},
  };
  net::HttpResponseSpec r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body;
  r.headers = fields;
  r.header_count = retry_after_s > 0 ? 4 : 3;
  if (delay_ms > 0) s.respond_later(r, Clock::monotonic_ns() + delay_ms * 1'000'000);
  else s.respond(r);
}

void SimServer::answer_error(ServerSession& s, std::uint16_t status, std::int32_t code, std::string_view msg,
                             std::int64_t retry_after_s) noexcept {
  const RestAnswer a = rest_->error(status, code, msg);
  answer(s, status, a.body, retry_after_s);
}

bool SimServer::control_request(ServerSession& s, std::string_view method, std::string_view path) noexcept {
  if (path.substr(0, 5) != "/sim/") return false;
  const EpochMs now = now_ms();
  if (method == "POST" && path == "/sim/fault") {
    FaultSpec f;
    std::string error;
    const QueryParams& p = params_;
    if (!parse_fault(p.get("type"), p.get("count"), p.get("ms"), p.get("status"), p.get("process"), p.get("target"),
                     p.get("path"), p.get("at"), f, error)) {
      answer_error(s, 400, -1130, error);
      return true;
    }
    if (f.at_s >= 0) f.at_s += static_cast<double>(now - start_ms_) / 1000.0;  // control `at`: from now
    if (!faults_.add(f, start_ms_)) {  // D18/R23: bounded, refused without a log line
      answer_error(s, 400, -1130, "too many armed faults (at most 1024 pending)");
      return true;
    }
    run_fault_actions(now);
    answer(s, 200, "{\"code\":200,\"msg\":\"armed\"}", 0);
  } else if (method == "POST" && path == "/sim/start") {
    replay_->start(Clock::monotonic_ns());
    answer(s, 200, "{\"code\":200,\"msg\":\"started\"}", 0);
  } else if (method == "GET" && path == "/sim/status") {
    char body[512];
    const int n = std::snprintf(
        body, sizeof body,
        "{\"started\":%s,\"done\":%s,\"records\":%zu,\"replayed\":%llu,\"messagesSent\":%llu,\"httpRequests\":%llu,"
        "\"listenKeyActive\":%s,\"faultsPending\":%zu,\"faultsFired\":%llu}",
        replay_->started() ? "true" : "false", replay_->done() ? "true" : "false", replay_->size(),
        static_cast<unsigned long long>(stats_.replayed), static_cast<unsigned long long>(stats_.messages_sent),
        static_cast<unsigned long long>(stats_.http_requests), user_->active_key().empty() ? "false" : "true",
        faults_.pending(), static_cast<unsigned long long>(faults_.fired()));
    answer(s, 200, std::string_view(body, static_cast<std::size_t>(n)), 0);
  } else if (method == "GET" && path == "/sim/state") {
    answer(s, 200, dump_state_json(*exchange_), 0);  // cold path
  } else if (method == "GET" && path == "/sim/ledger") {
    answer(s, 200, exchange_->ledger().to_json(symbols_), 0);
  } else {
    answer_error(s, 404, -5000, "Unknown control endpoint");
  }
  return true;
}

}  // namespace xtb::sim::server
