// link_hold.hpp — LinkHold: the closer's hold on placing while the venue's account events
// may be missing (review B3, seed 002 "重连后校准…校准期间暂停下单").
//
// A user-stream connection that drops loses ORDER_TRADE_UPDATE / ACCOUNT_UPDATE events;
// one that (re)connects, or whose listenKey expired, may have lost some. From such a change
// until a reconciliation that *began after the last change, with every link up* has
// completed, the closer places nothing (slices, panic slices, protective stops). A cycle
// that was already in flight when a link changed, or that completes while a link is still
// down, does not end the hold; needs_calibration() tells the sequencer to begin one.
//
//   link_down(c) ─▶ held (down)  ─link_up(c)─▶ held (awaiting) ─check_begun … check_done─▶ free
//
// Links are tracked by link id: the sequencer's port × kMaxLinksPerPort + connection id
// (pipeline/sequencer/sequencer_port.hpp), one bit each for kMaxLinks ids; larger ids share
// the last bit (never the case with the sequencer's ≤ 4 ports of ≤ 64 connections).
// Thread: sequencer only. No allocation.
#pragma once
#include <cstddef>
#include <cstdint>

namespace xtb::strategy {

class LinkHold {
 public:
  static constexpr std::size_t kMaxLinks = 256;

  /// A user-stream connection dropped.
  void link_down(std::uint32_t conn) noexcept {
    down_[word(conn)] |= bit(conn);
    awaiting_ = true;
    ++changes_;
  }
  /// A connection (re)connected or its stream restarted (listenKey expired).
  void link_up(std::uint32_t conn) noexcept {
    down_[word(conn)] &= ~bit(conn);
    awaiting_ = true;
    ++changes_;
  }
  /// A reconciliation cycle is sent now.
  void check_begun() noexcept {
    begun_ = true;
    begun_at_ = changes_;
  }
  /// The cycle begun last completed: the hold ends when it began after the last link
  /// change and every link is up.
  void check_done() noexcept {
    if (begun_ && begun_at_ == changes_ && !any_down()) awaiting_ = false;
    begun_ = false;
  }

  /// Placing is held (a link is down, or not yet calibrated since it came back).
  bool holds() const noexcept { return awaiting_; }
  /// Every link is up but no calibration has completed since: begin one.
  bool needs_calibration() const noexcept { return awaiting_ && !any_down(); }
  bool any_down() const noexcept { return (down_[0] | down_[1] | down_[2] | down_[3]) != 0; }
  bool is_down(std::uint32_t conn) const noexcept { return (down_[word(conn)] & bit(conn)) != 0; }

 private:
  static std::uint32_t clamp(std::uint32_t conn) noexcept { return conn < kMaxLinks ? conn : kMaxLinks - 1; }
  static std::size_t word(std::uint32_t conn) noexcept { return clamp(conn) / 64; }
  static std::uint64_t bit(std::uint32_t conn) noexcept { return std::uint64_t{1} << (clamp(conn) % 64); }

  std::uint64_t down_[kMaxLinks / 64] = {};  ///< links currently down
  std::uint64_t changes_ = 0;  ///< link changes so far
  std::uint64_t begun_at_ = 0; ///< changes_ when the current cycle began
  bool awaiting_ = false, begun_ = false;
};

}  // namespace xtb::strategy
