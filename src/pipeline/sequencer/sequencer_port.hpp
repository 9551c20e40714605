// sequencer_port.hpp — one venue's side of the sequencer (issue 14 "the sequencer takes
// events from several venues and routes each command by its venue"): the ring of its typed
// events (its decode stage → sequencer), the ring of its commands (sequencer → its egress),
// the roles of its connections and its rate budget. A sequencer has one port per venue it
// trades; which threads run those venues' ingest/decode/egress stages is a layout choice.
//
// Routing: an event's port is the ring it came from (its conn_id is that venue's). A
// command goes to the port of its instrument's venue (SymbolTable::venue(symbol)), or of
// OrderCommand::venue when it names no symbol; its `venue` field is set to that venue.
// Strategies write through CommandRouter: with several ports claim() hands out a staging
// slot only when every port has room (a strategy does not say its venue before filling
// the command), and commit() copies it onto its port's ring — one 128-byte copy, paid only
// by multi-venue sequencers (one port: the strategies write on the ring directly).
// Thread: the sequencer. No allocation after construction.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/conn_role.hpp"
#include "core/spsc_ring.hpp"
#include "engine/venue_budget.hpp"
#include "pipeline/replay_sync.hpp"
#include "pipeline/sequencer/command_publisher.hpp"
#include "pipeline/sequencer/reconcile_session.hpp"
#include "strategy/order_sink.hpp"

namespace xtb {

/// What the wiring gives the sequencer for one venue.
struct SequencerPort {
  Venue venue = Venue::None;
  SpscRing<Event>* events = nullptr;           ///< its decode stage → sequencer (required)
  const RingStamps* event_stamps = nullptr;    ///< capture time per event (required in replay time)
  SpscRing<OrderCommand>* commands = nullptr;  ///< sequencer → its egress (required)
  RingStamps* command_stamps = nullptr;        ///< backtest: each command's cause time (may be null)
  const EndOfInput* end = nullptr;             ///< its input ended (replay; may be null)
  ConnRoles roles{};                           ///< by its connection ids
  /// End-of-list markers its decoder emits per QueryOpenOrders (Binance: 2, open + algo
  /// orders; Backpack: 1); 0 = ReconcileConfig::open_order_lists.
  std::uint32_t open_order_lists = 0;
  /// Its own rate budget (its adapter's limits and costs). False: the default budget of
  /// SequencerConfig::limits (the only one a one-venue sequencer needs).
  bool own_budget = false;
  engine::VenueRateLimits budget_limits{};
  engine::CommandCosts budget_costs{};
  std::uint16_t budget_soft_permille = 800;
};

/// A port as the sequencer runs it: its publisher and its reconciliation session.
struct PortState {
  PortState(const SequencerPort& p, engine::OrderManager& om, const ReconcileConfig& rc, bool scoped)
      : venue(p.venue), in(*p.events), in_stamps(p.event_stamps), end(p.end), roles(p.roles),
        out(*p.commands, p.command_stamps), recon(om, out, with_lists(rc, p.open_order_lists), scoped ? p.venue : Venue::None) {}
  static ReconcileConfig with_lists(ReconcileConfig rc, std::uint32_t lists) noexcept {
    if (lists != 0) rc.open_order_lists = lists;
    return rc;
  }
  Venue venue;
  SpscRing<Event>& in;
  const RingStamps* in_stamps;
  const EndOfInput* end;
  ConnRoles roles;
  CommandPublisher out;
  ReconcileSession recon;
  bool in_cycle = false;     ///< its session belongs to the reconciliation in progress
  bool cycle_failed = false; ///< it was abandoned in that reconciliation
};

/// The strategies' OrderSink over several ports (see the header comment).
class CommandRouter final : public strategy::OrderSink {
 public:
  using PortOf = std::size_t (*)(const void* ctx, const OrderCommand& c) noexcept;
  CommandRouter(std::vector<std::unique_ptr<PortState>>& ports, PortOf port_of, const void* ctx) noexcept
      : ports_(ports), port_of_(port_of), ctx_(ctx) {}

  OrderCommand* claim() noexcept override {
    for (auto& p : ports_)
      if (p->out.room(1) == 0) return nullptr;  // room() keeps the slot it claimed
    return &staged_;
  }
  void commit() noexcept override {
    PortState& p = *ports_[port_of_(ctx_, staged_)];
    OrderCommand* slot = p.out.claim();
    if (slot == nullptr) return;  // cannot happen: claim() saw room on every port
    *slot = staged_;
    slot->venue = p.venue;
    p.out.commit();
  }

 private:
  std::vector<std::unique_ptr<PortState>>& ports_;
  PortOf port_of_;
  const void* ctx_;
  OrderCommand staged_{};
};

}  // namespace xtb
