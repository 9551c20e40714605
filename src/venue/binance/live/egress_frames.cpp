// egress_frames.cpp — EgressStage: the RawFrames it publishes on R4.
//
// Every frame is FrameKind::HttpResponse with ResponseMeta filled from the in-flight
// record (what the request was) and the response headers (rate-limit feedback):
//   venue answer     body = the HTTP body, http_status = the status line;
//   no answer        no body, http_status 0, transport_error 1: the decoder answers it as
//                    Binance's own -1007 "send status unknown; execution status unknown",
//                    i.e. OrderAck{Unknown}, exactly as it would the venue's;
//   local refusal    no body, flags kFrameFlagLocal, ResponseMeta::local_refusal = the typed
//                    reason, http_status = what Binance answers for it (errors.hpp).
#include <cstring>

#include "core/clock.hpp"
#include "net/client/response_frame.hpp"
#include "venue/binance/errors.hpp"
#include "venue/binance/live/egress_impl.hpp"

namespace xtb::binance {

namespace {

/// The conn_id an answer to `cmd` carries: reconciliation queries get the configured
/// reconcile tag (EgressConfig::reconcile_tag) so that the sequencer routes them by role.
std::uint16_t answer_tag(const EgressConfig& cfg, CommandKind cmd, std::uint16_t conn) noexcept {
  const bool reconcile = cmd == CommandKind::QueryOpenOrders || cmd == CommandKind::QueryPositions;
  return reconcile && cfg.reconcile_tag != 0 ? cfg.reconcile_tag : conn;
}

}  // namespace

binance::RestKind rest_kind_for_command(CommandKind k) noexcept {
  switch (k) {
    case CommandKind::QueryOrder: return binance::RestKind::QueryOrder;
    case CommandKind::QueryOpenOrders: return binance::RestKind::OpenOrders;
    case CommandKind::QueryPositions: return binance::RestKind::PositionRisk;
    default: return binance::RestKind::Order;
  }
}

void EgressImpl::publish_response(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser& r) noexcept {
  RawFrame* fr = publisher.claim();
  if (fr == nullptr) return;  // stopping with R4 full
  if (!publisher.store(*fr, r.body(), r.body_size())) {
    // Larger than a pool slot: the answer cannot reach decode; its outcome is unknown.
    publish_transport_error(f, conn, net::HttpError::BodyTooLarge);
    return;
  }
  live::stamp_response(*fr, answer_tag(cfg, f.command, conn), 0);
  live::fill_response_meta(fr->response, f, r.status());
  const net::HttpRateLimitHeaders& rl = r.rate_limits();
  fr->response.retry_after_s = live::clamp_u32(rl.retry_after_s);
  fr->response.used_weight_1m = live::clamp_u32(rl.used_weight_1m);
  fr->response.order_count_10s = live::clamp_u32(rl.order_count_10s);
  fr->response.order_count_1m = live::clamp_u32(rl.order_count_1m);
  publisher.publish();
  stage.stats_.frames.add();
}

// No answer at all: a body-less frame flagged transport_error; the decoder reports the
// outcome as unknown (-1007) and the engine queries the order. `e` is counted by the caller.
void EgressImpl::publish_transport_error(const Inflight& f, std::uint16_t conn, net::HttpError) noexcept {
  if (live::publish_no_answer(publisher, answer_tag(cfg, f.command, conn), f)) stage.stats_.frames.add();
}

// A typed, body-less refusal (core/raw_frame.hpp LocalRefusal): the decoder answers it as
// Binance answers that cause (errors.hpp local_refusal_answer); nothing was sent.
void EgressImpl::publish_local_reject(const OrderCommand& cmd, LocalRefusal why) noexcept {
  const std::uint16_t http_status = binance::local_refusal_answer(why).http_status;
  RawFrame* fr = publisher.claim();
  if (fr == nullptr || !publisher.store(*fr, "", 0)) return;
  Inflight f;
  f.command = cmd.kind;
  f.rest_kind = rest_kind_for_command(cmd.kind);
  f.generation = cmd.generation;
  f.symbol = cmd.symbol;
  f.client_id = cmd.client_id;
  live::stamp_response(*fr, answer_tag(cfg, cmd.kind, cfg.local_tag), kFrameFlagLocal);
  live::fill_response_meta(fr->response, f, http_status);
  fr->response.local_refusal = static_cast<std::uint8_t>(why);
  if (http_status == 429 || http_status == 418) {
    const std::int64_t until = limiter.blocked_until_ns();
    if (until != INT64_MIN && until > now.venue)
      fr->response.retry_after_s = live::clamp_u32((until - now.venue + 999'999'999) / 1'000'000'000);
  }
  fr->response.used_weight_1m = limiter.used_weight_1m(now.venue);
  fr->response.order_count_10s = limiter.orders_10s(now.venue);
  fr->response.order_count_1m = limiter.orders_1m(now.venue);
  publisher.publish();
  stage.stats_.frames.add();
  stage.stats_.local_rejects.add();
}

}  // namespace xtb::binance
