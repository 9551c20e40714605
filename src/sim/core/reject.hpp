// reject.hpp — Reject: why the simulated venue refused a request, as a venue-neutral
// reason (RejectCode) plus the value the reason names; a venue face turns it into its
// own error answer (the USD-M face: its sim_errors.hpp under src/venue/).
//
// Shapes: RejectCode is one byte; Reject holds the code, an inline text of at most
// kMaxMsg bytes (longer text is truncated) and, for RejectCode::Venue only, the face's own
// numeric code. The text is one of three things:
//   * empty — the face answers with its fixed message for the code;
//   * an argument (set_arg: `arg` true) — the value the reason names (a parameter name,
//     a leverage, a minimum notional), which the face puts into its message;
//   * a whole message (set(code, text) / set(venue_code, text)) — answered as written.
//
// Threads: plain data, no allocation (it travels in every order answer). Errors: none.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xtb::sim {

/// Why a request was refused. Groups: request form (missing, surplus or malformed
/// parameters), order lookup, market-dependent rules, instrument filters (tick size, step
/// size, price/quantity bounds, notional), account settings, order execution.
enum class RejectCode : std::uint8_t {
  None = 0,
  // request form
  MandatoryParam,    ///< a required parameter is missing (arg: its name)
  ParamNotRequired,  ///< a parameter that must not be sent (arg: its name)
  BadPrecision,      ///< more decimals than the instrument allows
  InvalidTif,        ///< unknown time in force
  InvalidOrderType,  ///< unknown or unsupported order type
  InvalidSide,       ///< unknown side
  BadSymbol,         ///< unknown or unsimulated instrument
  BadCombo,          ///< combination of optional parameters invalid
  InvalidParam,      ///< a parameter's value is not valid (arg: its name)
  InvalidRespType,   ///< unknown answer detail
  // order lookup
  UnknownOrder,  ///< cancel of an unknown or already closed order
  NoSuchOrder,   ///< query of an unknown order
  // market-dependent rules
  MarginInsufficient,
  WouldTrigger,      ///< a stop order that would trigger at once
  ReduceOnlyReject,  ///< a reduce-only order with nothing (or not enough) to reduce
  MaxOpenOrders,     ///< the order pool is full
  // instrument filters
  PriceLessThanZero,
  PriceAboveMax,
  QtyLessThanZero,
  QtyBelowMin,
  QtyAboveMax,
  StopPriceLessThanZero,
  StopPriceAboveMax,
  PriceBelowMin,
  PriceTick,             ///< price not a multiple of the tick size
  ClientIdInvalid,       ///< client order id breaks the id rule
  PriceAboveMultiplier,  ///< limit price above the mark-price band
  QtyStep,               ///< quantity not a multiple of the step size
  PriceBelowMultiplier,  ///< limit price below the mark-price band
  // account settings
  InvalidLeverage,  ///< arg: the leverage asked for
  InvalidWorkingType,
  NoNeedMarginType,
  MarginTypeOpenOrders,
  MarginTypePosition,
  NoNeedPositionSide,
  InvalidPositionSide,
  PositionSideMismatch,  ///< position side does not match the account's position mode
  PositionSideOpenOrders,
  PositionSidePosition,
  BatchSize,              ///< batch request with 0 or too many elements
  DuplicateClientId,      ///< client order id already used by an open order
  UseConditionalService,  ///< conditional type sent to the plain order entry
  QtyWithClosePosition,   ///< quantity sent with close-position
  MinNotional,            ///< notional below the instrument's minimum (arg: the minimum)
  // order execution
  FokReject,       ///< fill-or-kill that cannot fill entirely
  PostOnlyReject,  ///< post-only that would take liquidity
  // transport
  UnknownEndpoint,  ///< a request path or method the simulator does not serve
  Overloaded,       ///< every session is taken (the overflow session's answer)
  /// A face's own answer: `venue_code` and the whole message as the face wrote them.
  Venue,
};

/// A refusal as returned by the exchange core (inline storage, trivially copyable).
struct Reject {
  static constexpr std::size_t kMaxMsg = 119;
  RejectCode code = RejectCode::None;  ///< None = no error
  bool arg = false;                    ///< the text is the reason's argument, not a message
  std::int32_t venue_code = 0;         ///< RejectCode::Venue only
  std::uint8_t len = 0;
  char msg[kMaxMsg] = {};

  bool ok() const noexcept { return code == RejectCode::None; }
  /// The text: empty, the argument (arg) or the whole message.
  std::string_view message() const noexcept { return {msg, len}; }
  /// Sets a reason with no text, or with the whole message `text` (copied, truncated).
  void set(RejectCode c, std::string_view text = {}) noexcept { store(c, 0, text, false); }
  /// Sets a reason with the value it names (a face formats it into its message).
  void set_arg(RejectCode c, std::string_view value) noexcept { store(c, 0, value, true); }
  /// Sets a face's own answer (RejectCode::Venue): its numeric code and whole message.
  void set(std::int32_t face_code, std::string_view text) noexcept { store(RejectCode::Venue, face_code, text, false); }

 private:
  void store(RejectCode c, std::int32_t face_code, std::string_view text, bool is_arg) noexcept;
};

}  // namespace xtb::sim
