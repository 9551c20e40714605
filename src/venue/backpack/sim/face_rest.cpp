// face_rest.cpp — BackpackFace's REST pipeline (backpack_face.hpp): route → parameters
// (query + JSON body, request_params.hpp) → faults (sim/core/fault_plan.hpp) → security
// (request_auth.hpp, signed routes only) → handler → answer (application/json).
// Routes and their instructions: https://docs.backpack.exchange (Authentication lists the
// instructions; each endpoint page names its own) and ccxt@4.5.84 js/src/backpack.js
// `options.instructions`. A path/method not in the table: 404 RESOURCE_NOT_FOUND.
#include <cstdio>

#include "core/clock.hpp"
#include "venue/backpack/sim/backpack_face.hpp"
#include "venue/backpack/sim/sim_errors.hpp"

namespace xtb::sim::backpack_sim {
namespace {

using backpack::BackpackError;

std::string_view params_error(RequestParams::Status st) noexcept {
  switch (st) {
    case RequestParams::Status::BadQuery: return "Invalid query string";
    case RequestParams::Status::NotObject: return "Request body must be a JSON object (batch orders are not simulated)";
    case RequestParams::Status::BadValue: return "Invalid field value in the request body";
    case RequestParams::Status::TooMany: return "Too many fields";
    default: return "Request body is not valid JSON";
  }
}

}  // namespace

const BackpackFace::Route* BackpackFace::route(std::string_view method, std::string_view path) noexcept {
  static const Route kRoutes[] = {
      {"GET", "/api/v1/markets", "", &BackpackFace::h_markets},
      {"GET", "/api/v1/market", "", &BackpackFace::h_market},
      {"GET", "/api/v1/depth", "", &BackpackFace::h_depth},
      {"GET", "/api/v1/ticker", "", &BackpackFace::h_ticker},
      {"GET", "/api/v1/tickers", "", &BackpackFace::h_tickers},
      {"GET", "/api/v1/markPrices", "", &BackpackFace::h_mark_prices},
      {"GET", "/api/v1/assets", "", &BackpackFace::h_assets},
      {"GET", "/api/v1/status", "", &BackpackFace::h_status},
      {"GET", "/api/v1/ping", "", &BackpackFace::h_ping},
      {"GET", "/api/v1/time", "", &BackpackFace::h_time},
      {"POST", "/api/v1/order", "orderExecute", &BackpackFace::h_order_execute},
      {"DELETE", "/api/v1/order", "orderCancel", &BackpackFace::h_order_cancel},
      {"GET", "/api/v1/order", "orderQuery", &BackpackFace::h_order_query},
      {"GET", "/api/v1/orders", "orderQueryAll", &BackpackFace::h_open_orders},
      {"DELETE", "/api/v1/orders", "orderCancelAll", &BackpackFace::h_cancel_all},
      {"GET", "/api/v1/position", "positionQuery", &BackpackFace::h_positions},
      {"GET", "/api/v1/capital", "balanceQuery", &BackpackFace::h_capital},
      {"GET", "/api/v1/capital/collateral", "collateralQuery", &BackpackFace::h_collateral},
      {"GET", "/wapi/v1/history/fills", "fillHistoryQueryAll", &BackpackFace::h_fills},
  };
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  for (const Route& r : kRoutes)
    if (r.method == method && r.path == path) return &r;
  return nullptr;
}

void BackpackFace::on_rest(server::ServerSession& s, const server::RestRequest& r, bool parked) noexcept {
  const Route* e = route(r.http.method(), r.path);
  if (e == nullptr) {
    Reject x;
    x.set(RejectCode::UnknownEndpoint);
    return send_error(s, x);
  }
  const EpochMs now = Clock::wall_ns() / 1'000'000;
  if (const RequestParams::Status st = params_.parse(r.query, r.body); st != RequestParams::Status::Ok)
    return send_error(s, face_reject(BackpackError::InvalidClientRequest, params_error(st)));
  if (!parked) {
    fault_ = RestFault{};
    if (!pre_fault(s, r.path, e->instruction == "orderExecute" || e->instruction == "orderCancel", now)) return;
    if (!e->instruction.empty() && !authorised(s, r, *e, now)) return;
  }
  (this->*e->handler)(s, Call{params_, now, parked});
}

// Faults before the request runs; false when the request was answered (or never will be).
bool BackpackFace::pre_fault(server::ServerSession& s, std::string_view path, bool order_entry, EpochMs now) noexcept {
  fault_ = faults_.on_rest_request(path, order_entry, now);
  if (fault_.kind == RestFault::Timeout) return false;  // never answered nor executed
  if (fault_.kind == RestFault::Error && !fault_.process) {
    send_error(s, face_reject(BackpackError::ServerError, "Service unavailable"));
    return false;
  }
  return true;
}

bool BackpackFace::authorised(server::ServerSession& s, const server::RestRequest& r, const Route& e,
                              EpochMs now) noexcept {
  const net::HttpHeaderTable& h = r.http.headers();
  SignedFields f;
  struct Header {
    std::string_view name;
    std::string_view* value;
    bool* present;  ///< nullptr: optional (X-Window defaults to 5000)
  };
  const Header headers[] = {{"X-API-Key", &f.key, &f.has_key},
                            {"X-Signature", &f.signature, &f.has_signature},
                            {"X-Timestamp", &f.timestamp, &f.has_timestamp},
                            {"X-Window", &f.window, nullptr}};
  for (const Header& x : headers) {
    *x.value = h.find(x.name);
    if (x.present != nullptr) *x.present = h.contains(x.name);
  }
  const Reject x = auth_.check(e.instruction, f, params_.data(), params_.size(), now);
  if (x.ok()) return true;
  send_error(s, x);
  return false;
}

SymbolId BackpackFace::symbol_param(server::ServerSession& s, const Call& c, bool required) noexcept {
  const std::string_view name = c.p.get("symbol");
  if (name.empty()) {
    if (required) {
      Reject x;
      x.set_arg(RejectCode::MandatoryParam, "symbol");
      send_error(s, x);
    }
    return kNoSymbol;
  }
  const SymbolId id = symbols_.find(backpack::kVenueId, name);
  if (id != sym_) {
    Reject x;
    x.set(RejectCode::BadSymbol);
    send_error(s, x);
    return kNoSymbol;
  }
  return id;
}

void BackpackFace::answer(server::ServerSession& s, std::uint16_t status, std::string_view body) noexcept {
  send(s, status, body);
}

void BackpackFace::answer_error(server::ServerSession& s, std::uint16_t status, const Reject& r) noexcept {
  BpError e = venue_error(r);
  e.http = status;
  char body[400];
  send(s, status, std::string_view(body, write_error_body(body, sizeof body, e)));
}

void BackpackFace::send_error(server::ServerSession& s, const Reject& r) noexcept {
  const BpError e = venue_error(r);
  char body[400];
  send(s, e.http, std::string_view(body, write_error_body(body, sizeof body, e)));
}

void BackpackFace::send_writer(server::ServerSession& s, const JsonWriter& w) noexcept {
  const std::size_t n = w.finish();
  if (n == 0) return send_error(s, face_reject(BackpackError::ServerError, "Answer too large"));
  send(s, 200, std::string_view(reply_.get(), n));
}

void BackpackFace::send(server::ServerSession& s, std::uint16_t status, std::string_view body) noexcept {
  if (fault_.kind == RestFault::DropAck) return s.request_close(true);
  if (fault_.kind == RestFault::Error && status < 300) {  // executed, then "status unknown"
    const RestFault f = fault_;
    fault_ = RestFault{};
    BpError e = venue_error(face_reject(BackpackError::ServerError, "Internal server error"));
    e.http = f.status;
    char b[200];
    return send(s, f.status, std::string_view(b, write_error_body(b, sizeof b, e)));
  }
  net::HttpResponseSpec r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = body;
  if (fault_.kind == RestFault::DelayAck && fault_.delay_ms > 0)
    s.respond_later(r, Clock::monotonic_ns() + fault_.delay_ms * 1'000'000);
  else
    s.respond(r);
  fault_ = RestFault{};
}

}  // namespace xtb::sim::backpack_sim
