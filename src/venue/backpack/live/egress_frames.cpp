// egress_frames.cpp — Backpack EgressStage: the RawFrames it publishes on R4, and the
// REST depth snapshot schedule (egress_stage.hpp).
//
// Every frame is FrameKind::HttpResponse with ResponseMeta from the in-flight record:
//   venue answer     body = the HTTP body, http_status, retry_after_s (429);
//   no answer        no body, http_status 0, transport_error 1 (decoder: NoAnswer → Unknown);
//   local refusal    no body, kFrameFlagLocal, local_refusal = the reason, http_status
//                    request_shape.hpp local_refusal_http (decoder: errors.hpp
//                    local_refusal_error);
//   id binding       no body, kFrameFlagLocal, rest_kind kRestKindBindIds, client_id =
//                    the first engine id (live_decoder.hpp; yields no event).
#include <algorithm>
#include <cstring>

#include "core/clock.hpp"
#include "net/client/response_frame.hpp"
#include "venue/backpack/live/egress_impl.hpp"

namespace xtb::backpack {

namespace {

std::uint16_t answer_tag(const EgressConfig& cfg, CommandKind cmd, std::uint16_t conn) noexcept {
  return is_reconcile(cmd) && cfg.reconcile_tag != 0 ? cfg.reconcile_tag : conn;
}

}  // namespace

void EgressImpl::publish_response(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser& r) noexcept {
  RawFrame* fr = publisher.claim();
  if (fr == nullptr) return;  // stopping with R4 full
  if (!publisher.store(*fr, r.body(), r.body_size())) {
    // Larger than a pool slot: the answer cannot reach decode. An order's outcome is then
    // unknown; a depth snapshot is simply lost (counted; the next one is scheduled).
    if (f.purpose == InflightPurpose::Depth) stage.stats_.depth_failures.add();
    else publish_transport_error(f, conn);
    return;
  }
  const std::uint16_t tag = f.purpose == InflightPurpose::Depth ? cfg.depth_tag : answer_tag(cfg, f.command, conn);
  live::stamp_response(*fr, tag, 0);
  live::fill_response_meta(fr->response, f, r.status());
  fr->response.retry_after_s = live::clamp_u32(r.rate_limits().retry_after_s);
  publisher.publish();
  stage.stats_.frames.add();
}

void EgressImpl::publish_transport_error(const Inflight& f, std::uint16_t conn) noexcept {
  if (live::publish_no_answer(publisher, answer_tag(cfg, f.command, conn), f)) stage.stats_.frames.add();
}

void EgressImpl::publish_local_reject(const OrderCommand& cmd, LocalRefusal why) noexcept {
  RawFrame* fr = publisher.claim();
  if (fr == nullptr || !publisher.store(*fr, "", 0)) return;
  Inflight f;
  f.command = cmd.kind;
  f.rest_kind = rest_kind_for(cmd.kind);
  f.generation = cmd.generation;
  f.symbol = cmd.symbol;
  f.client_id = cmd.client_id;
  live::stamp_response(*fr, answer_tag(cfg, cmd.kind, cfg.local_tag), kFrameFlagLocal);
  live::fill_response_meta(fr->response, f, local_refusal_http(why));
  fr->response.local_refusal = static_cast<std::uint8_t>(why);
  const std::int64_t until = budget.blocked_until_ns();
  if (why == LocalRefusal::RequestRateLimit && until != INT64_MIN && until > now)
    fr->response.retry_after_s = live::clamp_u32((until - now + 999'999'999) / 1'000'000'000);
  fr->response.used_weight_1m = budget.units_1m(now);
  fr->response.order_count_10s = budget.orders_10s(now);
  fr->response.order_count_1m = budget.orders_1m(now);
  publisher.publish();
  stage.stats_.frames.add();
  stage.stats_.local_rejects.add();
}

void EgressImpl::publish_bind(const ClientOrderId& id) noexcept {
  RawFrame* fr = publisher.claim();
  if (fr == nullptr || !publisher.store(*fr, "", 0)) return;
  live::stamp_response(*fr, cfg.local_tag, kFrameFlagLocal);
  std::memset(&fr->response, 0, sizeof fr->response);
  fr->response.rest_kind = kRestKindBindIds;
  fr->response.symbol = kNoSymbol;
  fr->response.client_id = id;
  publisher.publish();
  stage.stats_.frames.add();
}

// ---------------------------------------------------------------- depth snapshots
void EgressImpl::watch_depth_triggers() noexcept {
  bool due = false;
  if (rings.market_opens != nullptr) {
    const std::uint64_t v = rings.market_opens->load(std::memory_order_acquire);
    due = v != seen_opens;
    seen_opens = v;
  }
  if (rings.depth_requests != nullptr) {
    const std::uint64_t v = rings.depth_requests->load(std::memory_order_acquire);
    due = due || v != seen_requests;
    seen_requests = v;
  }
  if (!due) return;
  for (DepthTask& t : depth) t.due = std::min(t.due, now + cfg.depth_delay_ns);
}

std::size_t EgressImpl::pump_depth() noexcept {
  std::size_t n = 0;
  for (std::uint32_t i = 0; i < depth.size(); ++i) {
    DepthTask& t = depth[i];
    if (t.due > now) continue;
    EgressSlot* s = idle_slot();
    if (s == nullptr || budget.check(now, 1, 0) != Admission::Ok) break;
    const std::string_view name = venue.symbols.name(t.symbol);
    if (encode_depth_request(name, s->req) != EncodeError::Ok ||
        !shape_request(s->req, pool.host_header(), s->target, sizeof s->target, s->shape)) {
      t.due = INT64_MAX;  // a name that cannot be requested: never again
      stage.stats_.depth_failures.add();
      continue;
    }
    Inflight& f = s->inflight;
    f = Inflight{};
    f.purpose = InflightPurpose::Depth;
    f.tag = next_tag++;
    f.rest_kind = RestKind::DepthSnapshot;
    f.symbol = t.symbol;
    f.depth_index = i;
    if (submit(*s) != net::HttpError::None) {
      s->inflight = Inflight{};
      t.due = now + cfg.depth_retry_ns;
      stage.stats_.depth_failures.add();
      break;
    }
    t.due = INT64_MAX;  // in flight; the answer schedules the next one
    budget.on_sent(now, 1, 0);
    stage.stats_.depth_sent.add();
    ++n;
  }
  return n;
}

void EgressImpl::on_depth_answer(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser* r) noexcept {
  if (f.depth_index >= depth.size()) return;
  DepthTask& t = depth[f.depth_index];
  if (r != nullptr && r->status() == 200) {
    publish_response(f, conn, *r);  // → decode → DepthUpdate kSnapshot → BookSync
    stage.stats_.depth_ok.add();
    t.due = cfg.depth_refresh_ns > 0 ? now + cfg.depth_refresh_ns : INT64_MAX;
    return;
  }
  stage.stats_.depth_failures.add();
  t.due = now + cfg.depth_retry_ns;
}

}  // namespace xtb::backpack
