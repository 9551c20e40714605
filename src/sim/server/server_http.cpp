// server_http.cpp — SimServer's HTTP side (sim_server.hpp): splits each request, answers
// the control endpoints under /sim/ (no key, no weight) that tests and operators use, and
// hands every other request to the venue face (VenueFace::on_rest: routes, rate limits,
// faults, security, handler, answer).
//
// Control endpoints (docs/simulator.md):
//   POST /sim/fault   type=...&count=&ms=&status=&process=&target=&path=&at=  (fault_plan.hpp)
//   POST /sim/start   starts a replay held by --hold
//   GET  /sim/status  replay progress and counters
//   GET  /sim/state   state dump (balances, positions, open orders; the face's JSON)
//   GET  /sim/ledger  fill ledger (fill_ledger.hpp)
// Their answers go through the face (its headers; its error body for a Reject).
#include <cstdio>
#include <string>

#include "core/clock.hpp"
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
  face_->on_rest(s, RestRequest{req, path, query, body, params_, ps}, parked);
}

void SimServer::serve_parked() {
  for (auto& s : sessions_) {
    const net::HttpMessageParser* req = s->parked_request();
    if (req != nullptr && !s->closing()) dispatch_rest(*s, *req, true);
  }
}

void SimServer::control_error(ServerSession& s, std::uint16_t status, RejectCode code, std::string_view msg) noexcept {
  Reject r;
  r.set(code, msg);
  face_->answer_error(s, status, r);
}

void SimServer::control_status(ServerSession& s) noexcept {
  const ReplayFeed& replay = face_->replay();
  char body[512];
  const int n = std::snprintf(
      body, sizeof body,
      "{\"started\":%s,\"done\":%s,\"records\":%zu,\"replayed\":%llu,\"messagesSent\":%llu,\"httpRequests\":%llu,"
      "\"listenKeyActive\":%s,\"faultsPending\":%zu,\"faultsFired\":%llu}",
      replay.started() ? "true" : "false", replay.done() ? "true" : "false", replay.size(),
      static_cast<unsigned long long>(stats_.replayed), static_cast<unsigned long long>(stats_.messages_sent),
      static_cast<unsigned long long>(stats_.http_requests), face_->counters().user_stream_active ? "true" : "false",
      faults_.pending(), static_cast<unsigned long long>(faults_.fired()));
  face_->answer(s, 200, std::string_view(body, static_cast<std::size_t>(n)));
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
      control_error(s, 400, RejectCode::InvalidParam, error);
      return true;
    }
    if (f.at_s >= 0) f.at_s += static_cast<double>(now - start_ms_) / 1000.0;  // control `at`: from now
    if (!faults_.add(f, start_ms_)) {  // D18/R23: bounded, refused without a log line
      control_error(s, 400, RejectCode::InvalidParam, "too many armed faults (at most 1024 pending)");
      return true;
    }
    run_fault_actions(now);
    face_->answer(s, 200, "{\"code\":200,\"msg\":\"armed\"}");
  } else if (method == "POST" && path == "/sim/start") {
    face_->replay().start(Clock::monotonic_ns());
    face_->answer(s, 200, "{\"code\":200,\"msg\":\"started\"}");
  } else if (method == "GET" && path == "/sim/status") {
    control_status(s);
  } else if (method == "GET" && path == "/sim/state") {
    face_->answer(s, 200, face_->state_json());  // cold path
  } else if (method == "GET" && path == "/sim/ledger") {
    face_->answer(s, 200, face_->exchange().ledger().to_json(face_->symbols()));
  } else {
    control_error(s, 404, RejectCode::UnknownEndpoint, "Unknown control endpoint");
  }
  return true;
}

}  // namespace xtb::sim::server
