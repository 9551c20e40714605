// sequencer_lifecycle.cpp — the sequencer's phases: calibration before trading,
// reconciliation scheduling, and the shutdown barrier (see sequencer_stage.hpp).
#include "pipeline/sequencer/sequencer_stage.hpp"

namespace xtb {
namespace {

constexpr std::int64_t kReconcileRetryNs = 1'000'000'000;  // after a failed / abandoned cycle

}  // namespace

void SequencerStage::service(bool input_drained) noexcept {
  if (phase_ == Phase::Done) return;
  const bool stop = shutdown_.load(std::memory_order_acquire) || input_drained;
  if (phase_ == Phase::WaitingForData) {
    if (stop) complete(false);  // no event ever arrived: nothing was sent, nothing to settle
    return;
  }
  set_context(now_, cause_);
  check_reconcile_timeouts();
  if (stop && phase_ != Phase::Draining) begin_drain();
  if (phase_ == Phase::Draining) {
    drain_step();
    return;
  }
  if (reconcile_active()) return;
  // Calibrating (a failed first cycle is retried), then periodic / on reconnect / on request.
  // A cycle in flight when a link came back does not count for it (needs_calibration, B3).
  if (reconnect_pending_ || needs_calibration() || now_ >= next_reconcile_ || om_.take_reconcile_request())
    begin_reconcile();
}

void SequencerStage::begin_reconcile() noexcept {
  om_.take_reconcile_request();  // this cycle answers any pending request
  for (auto& st : strategies_) st->begin_check();  // decisions paused while calibrating (issue 6)
  begin_sessions();
  next_reconcile_ = now_ + cfg_.reconcile_interval_ns;
}

void SequencerStage::begin_sessions() noexcept {
  cycle_commands_ = 0;
  for (auto& p : ports_) {
    p->in_cycle = true;
    p->cycle_failed = false;
    p->recon.begin(now_, p->venue);
  }
}

// One port's session has every answer: compare and resolve that venue; the
// reconciliation settles once every port's session has.
void SequencerStage::finish_reconcile(PortState& p) noexcept {
  set_context(now_, cause_);
  const engine::ReconcileResult r = p.recon.finish(now_);
  cycle_commands_ += r.commands;
  if (cfg_.trade_events.enabled()) {
    TradeEvent e;
    e.t_ns = now_;
    e.kind = TradeEventKind::Calibration;
    e.qty = r.discrepancies;
    e.code = static_cast<std::int32_t>(r.commands);
    emit(e);
  }
  if (!reconcile_active()) cycle_settled();
}

void SequencerStage::cycle_settled() noexcept {
  bool failed = false;
  for (auto& p : ports_) {
    failed = failed || (p->in_cycle && p->cycle_failed);
    p->in_cycle = false;
  }
  if (failed) {
    reconcile_abandoned();
    return;
  }
  progress_.calibrations.fetch_add(1, std::memory_order_relaxed);
  if (barrier_cycle_) {
    barrier_cycle_ = false;
    barrier_done_ = true;
    barrier_commands_ = cycle_commands_;
  }
  if (phase_ == Phase::Draining) return;  // stopped: no stop take-over, no restart
  reconnect_pending_ = false;
  for (auto& st : strategies_) st->on_reconciled(now_);
  set_paused(false);
  if (phase_ == Phase::Calibrating) {
    // Exit-quality windows (market VWAP) start when trading starts.
    for (std::size_t i = 0; i < tracked_.size(); ++i)
      for (int k = 0; k < 2; ++k) {
        ExitStats& x = exits_[2 * i + k];
        x.vwap_cost0 = x.vwap_cost1 = market_.trade_cost(tracked_[i]);
        x.vwap_qty0 = x.vwap_qty1 = market_.market(tracked_[i]).traded_qty;
      }
    phase_ = Phase::Running;
    for (auto& p : ports_) p->out.set_recording(true);
    for (auto& st : strategies_) st->on_start(now_);  // positions as calibrated are the baseline
  }
}

void SequencerStage::reconcile_abandoned() noexcept {
  next_reconcile_ = now_ + kReconcileRetryNs;
  if (barrier_cycle_) barrier_cycle_ = false;  // drain_step() starts another round
  // Keep placing paused while uncalibrated (start-up, reconnect); a failed periodic check
  // does not stop trading.
  if (phase_ == Phase::Running && !reconnect_pending_) set_paused(false);
}

void SequencerStage::begin_drain() noexcept {
  phase_ = Phase::Draining;
  drain_start_ = now_;
  for (auto& st : strategies_) st->on_stop();
  if (cfg_.shutdown_cancel) issue_shutdown_cancels();
}

void SequencerStage::issue_shutdown_cancels() noexcept {
  OrderCommand buf[32];
  for (;;) {  // this run's orders (protective stops stay: CancelScope defaults)
    const std::uint32_t n = om_.cancel_all_own(cfg_.shutdown_scope, now_, buf, 32);
    for (std::uint32_t i = 0; i < n; ++i) publish(buf[i]);
    if (n < 32) break;
  }
}

void SequencerStage::drain_step() noexcept {
  if (cfg_.time == TimeMode::Live && now_ - drain_start_ >= cfg_.shutdown_timeout_ns) {
    complete(true);
    return;
  }
  // Shutdown cancels the venue budget refused (hard cap only) go out as budget returns.
  if (cfg_.shutdown_cancel && om_.cancel_all_deferred()) issue_shutdown_cancels();
  if (reconcile_active()) return;  // a cycle (barrier or not) is in flight: wait for it
  if (barrier_done_ && barrier_commands_ == 0 && pending_all() == 0) {
    complete(false);
    return;
  }
  if (barrier_rounds_ >= cfg_.shutdown_rounds) {
    complete(true);
    return;
  }
  // A cycle begun now is answered after everything already sent: when it completes
  // without new commands, venue and engine have settled.
  ++barrier_rounds_;
  barrier_cycle_ = true;
  barrier_done_ = false;
  begin_sessions();
}

void SequencerStage::complete(bool incomplete) noexcept {
  phase_ = Phase::Done;
  shutdown_incomplete_ = incomplete;
  publish_progress();
  if (watermark_ != nullptr) watermark_->store(now_);
  done_.set();
}

}  // namespace xtb
