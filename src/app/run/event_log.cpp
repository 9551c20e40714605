// event_log.cpp — see event_log.hpp.
#include "app/run/event_log.hpp"

#include <spdlog/sinks/daily_file_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <stdexcept>

#include "core/clock.hpp"
#include "engine/order.hpp"
#include "telemetry/alert.hpp"
#include "strategy/pricing.hpp"
#include "strategy/signals.hpp"

namespace xtb::run {
namespace {

const char* kind_name(TradeEventKind k) noexcept {
  switch (k) {
    case TradeEventKind::Signal: return "signal";
    case TradeEventKind::Place: return "place";
    case TradeEventKind::Cancel: return "cancel";
    case TradeEventKind::Timeout: return "timeout";
    case TradeEventKind::Fill: return "fill";
    case TradeEventKind::OrderEnd: return "order_end";
    case TradeEventKind::ModeChange: return "mode_change";
    case TradeEventKind::Alert: return "alert";
    case TradeEventKind::Calibration: return "calibration";
    case TradeEventKind::kCount: break;
  }
  return "unknown";
}

const char* side_name(Side s) noexcept { return s == Side::Buy ? "BUY" : s == Side::Sell ? "SELL" : "NONE"; }
const char* pos_name(PositionSide s) noexcept {
  return s == PositionSide::Long ? "LONG" : s == PositionSide::Short ? "SHORT" : "BOTH";
}
const char* tif_name(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::GTC: return "GTC";
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    case TimeInForce::PostOnly: return "POST_ONLY";
    case TimeInForce::GTD: return "GTD";
    default: return "NONE";
  }
}
const char* type_name(std::int32_t t) noexcept {
  switch (static_cast<OrderType>(t)) {
    case OrderType::Limit: return "LIMIT";
    case OrderType::Market: return "MARKET";
    case OrderType::Stop: return "STOP";
    case OrderType::StopMarket: return "STOP_MARKET";
    case OrderType::TakeProfit: return "TAKE_PROFIT";
    case OrderType::TakeProfitMarket: return "TAKE_PROFIT_MARKET";
    default: return "OTHER";
  }
}

// Appends `"key":value` pieces with a leading comma.
struct Line {
  std::string s;
  void raw(const char* key, const std::string& v) { s += fmt::format(",\"{}\":{}", key, v); }
  void str(const char* key, std::string_view v) {
    s += fmt::format(",\"{}\":\"", key);
    for (char c : v) {  // ids and symbols are [A-Za-z0-9._:/-]; escape anything else
      if (c == '"' || c == '\\') s += '\\';
      if (static_cast<unsigned char>(c) < 0x20) continue;
      s += c;
    }
    s += '"';
  }
  void num(const char* key, std::int64_t v) { raw(key, std::to_string(v)); }
};

std::string decimal(const SymbolRules* r, bool price, std::int64_t v) {
  if (r == nullptr) return std::to_string(v);
  char buf[48];
  const std::size_t n = price ? format_price(*r, v, buf, sizeof buf) : format_qty(*r, v, buf, sizeof buf);
  return n == 0 ? std::to_string(v) : std::string(buf, n);
}

std::string iso_utc(std::int64_t unix_ns) {
  const std::time_t secs = static_cast<std::time_t>(unix_ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, (unix_ns % 1'000'000'000) / 1000);
}

void order_fields(Line& l, const TradeEvent& e, const SymbolRules* r) {
  if (!e.id.empty()) l.str("id", e.id.view());
  switch (e.kind) {
    case TradeEventKind::Place:
      l.str("type", type_name(e.code));
      l.str("tif", tif_name(e.tif));
      if (e.px != 0) l.str("px", decimal(r, true, e.px));
      if (e.stop_px != 0) l.str("stop_px", decimal(r, true, e.stop_px));
      l.str("qty", decimal(r, false, e.qty));
      l.raw("reduce_only", (e.flags & OrderCommand::kReduceOnly) != 0 ? "true" : "false");
      if ((e.flags & OrderCommand::kClosePosition) != 0) l.raw("close_position", "true");
      if ((e.flags & OrderCommand::kRiskOrder) != 0) l.raw("risk_order", "true");
      break;
    case TradeEventKind::Fill:
      l.str("px", decimal(r, true, e.px));
      l.str("qty", decimal(r, false, e.qty));
      l.raw("maker", e.flags != 0 ? "true" : "false");
      l.str("status", engine::to_string(e.status));
      l.str("position_before", decimal(r, false, e.before));
      l.str("position_after", decimal(r, false, e.after));
      break;
    case TradeEventKind::OrderEnd:
      l.str("status", engine::to_string(e.status));
      l.str("filled", decimal(r, false, e.qty));
      if (e.qty != 0) l.str("avg_px", decimal(r, true, e.px));
      if (e.code != 0) l.num("code", e.code);
      break;
    default: break;
  }
}

void strategy_fields(Line& l, const TradeEvent& e, const SymbolRules* r) {
  using namespace strategy;
  switch (e.kind) {
    case TradeEventKind::Signal:
      l.str("reason", to_string(static_cast<SignalReason>(e.reason)));
      l.str("mode", to_string(static_cast<ExecMode>(e.mode)));
      if (e.tier >= 0) l.num("panic_tier", e.tier);
      l.str("px", decimal(r, true, e.px));
      l.str("qty", decimal(r, false, e.qty));
      l.str("outcome", e.code == 0 ? "slice" : e.code == 1 ? "dust" : "too_small");
      break;
    case TradeEventKind::Timeout:
      l.str("mode", to_string(static_cast<ExecMode>(e.mode)));
      l.str("reason", to_string(static_cast<SignalReason>(e.reason)));
      l.str("qty", decimal(r, false, e.qty));
      break;
    case TradeEventKind::ModeChange:
      l.str("mode", to_string(static_cast<ExecMode>(e.mode)));
      l.str("change", e.reason == 1 ? "escalated" : "deescalated");
      break;
    case TradeEventKind::Alert:
      l.str("alert", to_string(static_cast<AlertKind>(e.alert)));
      if (static_cast<AlertKind>(e.alert) == AlertKind::Reconnect) {
        l.str("stream", e.mode == 1 ? "market" : "user");
        break;
      }
      if (e.tier >= 0) l.num("panic_tier", e.tier);
      if (e.px != 0) l.str("px", decimal(r, true, e.px));
      l.str("position_before", decimal(r, false, e.before));
      l.str("position_after", decimal(r, false, e.after));
      if (e.value_e8 != 0) l.raw("dist_to_liq", fmt::format("{:.6f}", static_cast<double>(e.value_e8) / 1e8));
      break;
    case TradeEventKind::Calibration:
      l.num("discrepancies", e.qty);
      l.num("commands", e.code);
      break;
    default: break;
  }
}

}  // namespace

std::string format_event_json(const TradeEvent& e, const SymbolTable& symbols, std::int64_t wall_minus_mono_ns) {
  Line l;
  l.s = fmt::format("{{\"ts\":\"{}\",\"event\":\"{}\"", iso_utc(e.t_ns + wall_minus_mono_ns), kind_name(e.kind));
  const SymbolRules* r = e.symbol == kNoSymbol ? nullptr : symbols.try_rules(e.symbol);
  if (r != nullptr) l.str("symbol", symbols.name(e.symbol));
  const bool has_side = e.kind == TradeEventKind::Place || e.kind == TradeEventKind::Fill ||
                        e.kind == TradeEventKind::OrderEnd || e.kind == TradeEventKind::Signal ||
                        e.kind == TradeEventKind::Timeout || e.kind == TradeEventKind::ModeChange;
  if (has_side) l.str("side", side_name(e.side));
  if (has_side || (e.kind == TradeEventKind::Alert && e.position_side != PositionSide::Both))
    l.str("position_side", pos_name(e.position_side));
  order_fields(l, e, r);
  strategy_fields(l, e, r);
  l.s += '}';
  return std::move(l.s);
}

EventLogWriter::EventLogWriter(const std::string& dir, std::uint16_t retention_days, const SymbolTable& symbols,
                               std::size_t capacity)
    : symbols_(symbols), path_(dir + "/events.jsonl"), channel_(capacity) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("logs.dir '" + dir + "': cannot create it: " + ec.message());
  try {
    // Rolled at 00:00 local time into events_YYYY-MM-DD.jsonl; `retention_days` files kept.
    auto sink = std::make_shared<spdlog::sinks::daily_file_format_sink_mt>(dir + "/events_%Y-%m-%d.jsonl", 0, 0,
                                                                           false, retention_days);
    path_ = sink->filename();
    file_ = std::make_shared<spdlog::logger>("xtb-events", sink);
    file_->set_pattern("%v");
    file_->set_level(spdlog::level::info);
    file_->flush_on(spdlog::level::info);
  } catch (const spdlog::spdlog_ex& e) {
    throw std::runtime_error("logs.dir '" + dir + "': cannot open the event log: " + e.what());
  }
  const std::int64_t wall = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();
  wall_minus_mono_ns_ = wall - Clock::monotonic_ns();
}

EventLogWriter::~EventLogWriter() { stop(); }

TradeEventSink EventLogWriter::sink() noexcept {
  return TradeEventSink{[](void* ctx, const TradeEvent& e) noexcept {
                          return static_cast<RecordChannel<TradeEvent>*>(ctx)->try_push(e);
                        },
                        &channel_};
}

void EventLogWriter::start() {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "xtb-events");
    while (!stop_.load(std::memory_order_acquire)) {
      drain();
      channel_.wait(20'000'000);
    }
    drain();
  });
}

void EventLogWriter::stop() {
  if (!thread_.joinable()) return;
  stop_.store(true, std::memory_order_release);
  channel_.wake();
  thread_.join();
  file_->flush();
}

void EventLogWriter::drain() {
  channel_.consume([this](const TradeEvent& e) {
    try {
      file_->info(format_event_json(e, symbols_, wall_minus_mono_ns_));
      written_.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {  // out of memory while formatting: the line is lost, the run goes on
      failed_.fetch_add(1, std::memory_order_relaxed);
    }
  });
}

}  // namespace xtb::run
