// face_rest.cpp — UsdmFace's REST pipeline (usdm_face.hpp): route → rate limits → faults →
// security → handler → answer with the rate-limit headers (X-MBX-USED-WEIGHT-1M,
// X-MBX-ORDER-COUNT-10S / -1M, Retry-After on 429/418).
// Sources: https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info
// (limits, error codes -1003 / -1015, 418 bans, 503 "execution status unknown").
#include <cstdio>

#include "core/clock.hpp"
#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/usdm_face.hpp"

namespace xtb::sim::binance_usdm {

void UsdmFace::on_rest(server::ServerSession& s, const server::RestRequest& r, bool parked) noexcept {
  using server::QueryParams;
  const Endpoint* e = RestApi::route(r.http.method(), r.path);
  if (e == nullptr) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "Path %.*s, Method %.*s is invalid",
                  static_cast<int>(r.path.size() > 80 ? 80 : r.path.size()), r.path.data(),
                  static_cast<int>(r.http.method().size()), r.http.method().data());
    return send_error(s, 404, -5000, msg);
  }
  const QueryParams::Status ps = r.params_status;
  if (ps == QueryParams::Status::TooMany)
    return send_error(s, 400, -1101, "Too many parameters sent for this endpoint.");
  if (ps == QueryParams::Status::Duplicate)  // error_codes.md -1101 (D18/R16)
    return send_error(s, 400, -1101, "Duplicate values for a parameter detected.");
  if (ps != QueryParams::Status::Ok) return send_error(s, 400, -1100, "Illegal characters found in a parameter.");
  const EpochMs now = Clock::wall_ns() / 1'000'000;
  RestFault fault;
  if (!parked) {
    if (!admit(s, *e, r.params, now)) return;
    fault = faults_.on_rest_request(r.path, e->order_entry, now);
    // Timeout: never answered nor executed; the request stays pending until the client
    // gives up and closes (pipelined requests behind it wait too, as behind a stuck venue).
    if (fault.kind == RestFault::Timeout) return;
    if (fault.kind == RestFault::Error && !fault.process)
      return send_error(s, fault.status, -1001, "Service Unavailable.");
    const net::HttpHeaderTable& h = r.http.headers();
    const AuthInput in{h.find("X-MBX-APIKEY"), h.contains("X-MBX-APIKEY"), r.query, r.body, &r.params, now};
    const ApiError ae = auth_.check(e->security, in);
    if (!ae.ok()) {
      const VenueError v = venue_error(ae.reject);
      return send_error(s, ae.http_status, v.code, v.message());
    }
  }
  const RestAnswer a = rest_->call(*e, RestCall{r.params, now});
  if (a.wait) {
    const std::int64_t mono = Clock::monotonic_ns();
    if (!parked) return s.park(mono + opt_.depth_wait_ms * 1'000'000);
    if (mono < s.parked_until()) return;
    return send_error(
        s, 408, -1007,
        "Timeout waiting for response from backend server. Send status unknown; execution status unknown.");
  }
  if (fault.kind == RestFault::Error)  // processed, then "execution status unknown" (rate_limits.md 503 A)
    return send_error(s, fault.status, -1000, "Unknown error, please check your request or try again later.");
  if (fault.kind == RestFault::DropAck) return s.request_close(true);
  send(s, a.status, a.body, 0, fault.kind == RestFault::DelayAck ? fault.delay_ms : 0);
}

// REQUEST_WEIGHT / ORDERS limits; false when the request was answered 429 / 418.
bool UsdmFace::admit(server::ServerSession& s, const Endpoint& e, const server::QueryParams& p, EpochMs now) noexcept {
  const RateDecision d = rate_->admit(now, RestApi::weight(e, p), e.orders_10s, e.orders_1m);
  char msg[200];
  switch (d.verdict) {
    case RateVerdict::Ok: return true;
    case RateVerdict::WeightExceeded:
    case RateVerdict::BackingOff:
      std::snprintf(msg, sizeof msg,
                    "Too many requests; current limit is %u requests per minute. Please use the websocket for live "
                    "updates to avoid polling the API.",
                    limits_.weight_1m);
      send_error(s, 429, -1003, msg, d.retry_after_s);
      return false;
    case RateVerdict::OrdersExceeded:
      std::snprintf(msg, sizeof msg, "Too many new orders; current limit is %u orders per 10 SECOND.",
                    limits_.orders_10s);
      send_error(s, 429, -1015, msg, d.retry_after_s);
      return false;
    case RateVerdict::Banned:
      std::snprintf(
          msg, sizeof msg,
          "Way too many requests; IP banned until %lld. Please use the websocket for live updates to avoid bans.",
          static_cast<long long>(d.banned_until_ms));
      send_error(s, 418, -1003, msg, d.retry_after_s);
      return false;
  }
  return true;
}

void UsdmFace::answer(server::ServerSession& s, std::uint16_t status, std::string_view body) noexcept {
  send(s, status, body, 0);
}

void UsdmFace::answer_error(server::ServerSession& s, std::uint16_t status, const Reject& r) noexcept {
  send(s, status, rest_->error(status, r).body, 0);
}

void UsdmFace::send(server::ServerSession& s, std::uint16_t status, std::string_view body, std::int64_t retry_after_s,
                    std::int64_t delay_ms) noexcept {
  const EpochMs now = Clock::wall_ns() / 1'000'000;
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
  if (delay_ms > 0)
    s.respond_later(r, Clock::monotonic_ns() + delay_ms * 1'000'000);
  else
    s.respond(r);
}

void UsdmFace::send_error(server::ServerSession& s, std::uint16_t status, std::int32_t code, std::string_view msg,
                          std::int64_t retry_after_s) noexcept {
  const RestAnswer a = rest_->error(status, code, msg);
  send(s, status, a.body, retry_after_s);
}

}  // namespace xtb::sim::binance_usdm
