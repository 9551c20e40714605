// bp_sim.hpp — test plumbing of the Backpack face tests: xtb-sim --venue backpack as a
// child process (sim_harness.hpp's SimProcess), our own clients on one loop, and OUR
// Backpack client's pieces (src/venue/backpack): the markets loader builds the symbol
// table from the face's GET /api/v1/markets, RequestEncoder signs every request the way
// the live egress does, Decoder reads the face's answers and stream messages. A face that
// speaks what the real venue speaks is accepted and understood by them.
// Test code: std::string is fine; every wait is bounded.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../sim_harness.hpp"
#include "core/command.hpp"
#include "core/event_sink.hpp"
#include "venue/backpack/decoder.hpp"
#include "venue/backpack/encode_request.hpp"
#include "venue/backpack/markets.hpp"

namespace xtb::simtest::bp {

/// RFC 8032 §7.1 TEST 1 seed: the face's default account key pair (request_auth.hpp).
inline constexpr const char* kSeedB64 = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
/// RFC 8032 §7.1 TEST 2 seed: a valid key that is not the account's.
inline constexpr const char* kOtherSeedB64 = "TM0Imyj/ltqdtsNG7BFOD1uKMZ81q6Yk2oz27U+4pvs=";
inline constexpr const char* kSymbol = "BTC_USDC_PERP";

struct Decoded {
  backpack::DecodeResult result;
  std::vector<Event> events;
};

class BpSim {
 public:
  /// Starts the server (extra args appended; --speed 1 unless they give one) and loads the
  /// markets; REQUIREs inside.
  explicit BpSim(const std::vector<std::string>& extra = {});

  SimProcess sim;
  std::unique_ptr<ClientLoop> loop;
  std::unique_ptr<RestClient> rest;
  SymbolTable table{64, 16};
  SymbolId btc = kNoSymbol;
  backpack::Ed25519Signer signer;
  backpack::ClientIdMap ids;
  std::unique_ptr<backpack::RequestEncoder> enc;

  static std::int64_t now_ms();
  /// Sends an encoded request (its headers as written by the encoder).
  HttpResult send(const backpack::Request& r);
  /// Encodes `c` with our encoder at now + `ts_offset_ms` and sends it.
  HttpResult command(const OrderCommand& c, std::int64_t ts_offset_ms = 0);
  /// Places a limit order through command(order(...)).
  HttpResult limit(Side side, Price px, Qty qty, TimeInForce tif, const char* client_id);
  OrderCommand order(Side side, OrderType type, Price px, Qty qty, TimeInForce tif, const char* client_id);
  /// Best bid / ask (ticks) from GET /api/v1/depth.
  bool top(Price& bid, Price& ask);
  struct Quote {
    Price bid = 0, ask = 0;
  };
  /// top(), REQUIRE-d.
  Quote quote();
  /// Our decoder over a REST answer of `kind` for BTC_USDC_PERP.
  Decoded decode_rest(const HttpResult& r, backpack::RestKind kind, CommandKind cmd = CommandKind::None);
  /// The status our decoder reads from an order-entry answer (Unknown unless exactly one ack).
  OrderStatus ack_status(const HttpResult& r);
  /// Our decoder over a stream message.
  Decoded decode_frame(const std::string& msg);

 private:
  std::unique_ptr<backpack::Decoder> decoder_;
};

/// Integer field `key` of a flat JSON text ("U":123 / "u":"123"); -1 when absent.
long long json_int(const std::string& json, const std::string& key);

}  // namespace xtb::simtest::bp
