// bp_sim.cpp — see bp_sim.hpp.
#include "bp_sim.hpp"

// OrderCommand{.kind = .., .symbol = ..}: the members not named are zero, as intended.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>

#include "core/clock.hpp"

namespace xtb::simtest::bp {

BpSim::BpSim(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--venue", "backpack", "--capture",
                                   data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  if (std::find(extra.begin(), extra.end(), "--speed") == extra.end()) args.insert(args.end(), {"--speed", "1"});
  REQUIRE_MESSAGE(sim.start(args), sim.log());
  loop = std::make_unique<ClientLoop>(sim.cert());
  rest = std::make_unique<RestClient>(*loop, sim.port());
  const HttpResult m = rest->request("GET", "/api/v1/markets", "", "");
  REQUIRE(m.status == 200);
  REQUIRE(backpack::load_markets(m.body, table).loaded == 1);
  btc = table.find(backpack::kVenueId, kSymbol);
  REQUIRE(btc != kNoSymbol);
  REQUIRE(signer.set_seed_base64(kSeedB64) == backpack::KeyError::Ok);
  REQUIRE(backpack::ClientIdMap::create("xtb-bp-", now_ms(), ids));
  enc = std::make_unique<backpack::RequestEncoder>(signer, table, ids);
  decoder_ = std::make_unique<backpack::Decoder>(table, &ids);
}

std::int64_t BpSim::now_ms() { return Clock::wall_ns() / 1'000'000; }

HttpResult BpSim::send(const backpack::Request& r) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view h = r.headers_view();
  while (!h.empty()) {
    const std::size_t eol = h.find("\r\n");
    const std::string_view line = h.substr(0, eol);
    h = eol == std::string_view::npos ? std::string_view{} : h.substr(eol + 2);
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos || line.substr(0, colon) == "Content-Type") continue;
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  std::string target(r.path);
  if (r.query_len) target += "?" + std::string(r.query_view());
  return rest->request_with(backpack::to_string(r.method), target, std::string(r.body_view()), headers);
}

HttpResult BpSim::command(const OrderCommand& c, std::int64_t ts_offset_ms) {
  backpack::Request r;
  REQUIRE(enc->encode(c, now_ms() + ts_offset_ms, r) == backpack::EncodeError::Ok);
  return send(r);
}

HttpResult BpSim::limit(Side side, Price px, Qty qty, TimeInForce tif, const char* client_id) {
  return command(order(side, OrderType::Limit, px, qty, tif, client_id));
}

OrderCommand BpSim::order(Side side, OrderType type, Price px, Qty qty, TimeInForce tif, const char* client_id) {
  OrderCommand c{.kind = CommandKind::NewOrder,
                 .venue = backpack::kVenueId,
                 .side = side,
                 .type = type,
                 .tif = tif,
                 .symbol = btc,
                 .px = px,
                 .qty = qty};
  c.client_id.assign(client_id);
  return c;
}

bool BpSim::top(Price& bid, Price& ask) {
  backpack::Request r;
  if (backpack::encode_depth_request(kSymbol, r) != backpack::EncodeError::Ok) return false;
  const HttpResult h = send(r);
  if (h.status != 200) return false;
  const Decoded d = decode_rest(h, backpack::RestKind::DepthSnapshot);
  bid = 0;
  ask = 0;
  for (const Event& e : d.events)
    for (int k = 0; k < e.depth.n_bids + e.depth.n_asks; ++k) {
      const PriceLevel& l = e.depth.levels[k];
      if (k < e.depth.n_bids && l.qty > 0 && l.px > bid) bid = l.px;
      if (k >= e.depth.n_bids && l.qty > 0 && (ask == 0 || l.px < ask)) ask = l.px;
    }
  return bid > 0 && ask > bid;
}

BpSim::Quote BpSim::quote() {
  Quote q;
  REQUIRE(top(q.bid, q.ask));
  return q;
}

Decoded BpSim::decode_rest(const HttpResult& r, backpack::RestKind kind, CommandKind cmd) {
  Decoded d;
  std::vector<std::uint8_t> buf(r.body.size() + simdjson::SIMDJSON_PADDING, 0);
  std::copy(r.body.begin(), r.body.end(), buf.begin());
  d.events.resize(8192);
  ArrayEventSink sink(d.events.data(), d.events.size());
  ResponseMeta meta{};
  meta.http_status = static_cast<std::uint16_t>(r.status);
  meta.rest_kind = static_cast<std::uint8_t>(kind);
  meta.command = static_cast<std::uint8_t>(cmd);
  meta.symbol = btc;
  d.result = decoder_->decode_response(buf.data(), r.body.size(), buf.size(), meta, sink);
  d.events.resize(d.result.events);
  return d;
}

OrderStatus BpSim::ack_status(const HttpResult& r) {
  const Decoded d = decode_rest(r, backpack::RestKind::OrderExecute, CommandKind::NewOrder);
  return d.events.size() == 1 && d.events[0].h.type == EventType::OrderAck ? d.events[0].order_ack.status
                                                                           : OrderStatus::Unknown;
}

Decoded BpSim::decode_frame(const std::string& msg) {
  Decoded d;
  std::vector<std::uint8_t> buf(msg.size() + simdjson::SIMDJSON_PADDING, 0);
  std::copy(msg.begin(), msg.end(), buf.begin());
  d.events.resize(8192);
  ArrayEventSink sink(d.events.data(), d.events.size());
  d.result = decoder_->decode_frame(buf.data(), msg.size(), buf.size(), sink);
  d.events.resize(d.result.events);
  return d;
}

long long json_int(const std::string& json, const std::string& key) {
  const std::string v = json_field(json, key);
  return v.empty() ? -1 : std::atoll(v.c_str());
}

}  // namespace xtb::simtest::bp
