// sequencer_ports.cpp — the sequencer's venue ports (sequencer_port.hpp): taking events
// from every port's ring, the replay merge, and routing commands to their venue's port.
#include "pipeline/sequencer/sequencer_stage.hpp"

namespace xtb {

std::size_t SequencerStage::take_input() noexcept {
  if (ports_.size() > 1 && cfg_.time == TimeMode::Replay) return take_merged();
  std::size_t n = 0;
  for (std::size_t i = 0; i < ports_.size(); ++i)
    n += ports_[i]->in.consume([this, i](Event& e, std::uint64_t seq, bool) { on_event(i, e, seq); }, cfg_.max_batch);
  return n;
}

// Replay time with several venues: the event with the earliest capture stamp goes first,
// and only while every port that may still deliver has an event waiting — a port whose
// ring is momentarily empty might yet publish an earlier one. A port is done when its end
// of input was signalled (read before its ring, DoneFlag protocol) and its ring is empty.
// Ties go to the lower port index. Deterministic whatever the threads' timing.
std::size_t SequencerStage::take_merged() noexcept {
  std::size_t n = 0;
  while (n < cfg_.max_batch) {
    std::size_t best = ports_.size();
    std::int64_t best_t = 0;
    for (std::size_t i = 0; i < ports_.size(); ++i) {
      PortState& p = *ports_[i];
      const bool ended = p.end != nullptr && p.end->input_ended();
      if (p.in.front() == nullptr) {
        if (ended && p.in.front() == nullptr) continue;  // done: nothing more will come
        return n;                                        // undecidable until it delivers
      }
      const std::int64_t t = p.in_stamps->get(p.in.consumer_sequence());
      if (best == ports_.size() || t < best_t) {
        best = i;
        best_t = t;
      }
    }
    if (best == ports_.size()) return n;  // every port done
    PortState& p = *ports_[best];
    const std::uint64_t seq = p.in.consumer_sequence();
    on_event(best, *p.in.front(), seq);
    p.in.pop();
    ++n;
  }
  return n;
}

bool SequencerStage::inputs_ended() const noexcept {
  for (const auto& p : ports_)
    if (p->end == nullptr || !p->end->input_ended()) return false;
  return true;
}

bool SequencerStage::inputs_empty() const noexcept {
  for (const auto& p : ports_)
    if (!p->in.empty_approx()) return false;
  return true;
}

std::size_t SequencerStage::port_of(const OrderCommand& c) const noexcept {
  const Venue v = c.symbol != kNoSymbol && c.symbol < symbols_.size() ? symbols_.venue(c.symbol) : c.venue;
  return port_of_venue_[static_cast<std::uint8_t>(v)];
}

void SequencerStage::publish(OrderCommand c) noexcept {
  PortState& p = *ports_[port_of(c)];
  if (ports_.size() > 1) c.venue = p.venue;
  p.out.publish(c);
}

std::uint32_t SequencerStage::room(std::uint32_t want) noexcept {
  std::uint32_t r = want;
  for (auto& p : ports_) {
    const std::uint32_t k = p->out.room(want);
    if (k < r) r = k;
  }
  return r;
}

std::size_t SequencerStage::flush_all() noexcept {
  std::size_t n = 0;
  for (auto& p : ports_) n += p->out.flush();
  return n;
}

std::size_t SequencerStage::pending_all() const noexcept {
  std::size_t n = 0;
  for (const auto& p : ports_) n += p->out.pending();
  return n;
}

void SequencerStage::set_context(std::int64_t now_ns, TscTicks cause) noexcept {
  for (auto& p : ports_) p->out.set_context(now_ns, cause);
}

bool SequencerStage::reconcile_active() const noexcept {
  for (const auto& p : ports_)
    if (p->recon.active()) return true;
  return false;
}

void SequencerStage::check_reconcile_timeouts() noexcept {
  bool abandoned = false;
  for (auto& p : ports_)
    if (p->recon.check_timeout(now_)) {
      p->cycle_failed = true;
      abandoned = true;
    }
  if (abandoned && !reconcile_active()) cycle_settled();
}

}  // namespace xtb
