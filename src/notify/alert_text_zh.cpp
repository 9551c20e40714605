// alert_text_zh.cpp — seed 002's Chinese multi-line notification templates (vibe-quant
// src/notify/telegram.py, "中文多行格式（平多/平空）"): a 【title】 line with the action, then
// two-space-indented "key: value" lines. The seed's own kinds keep its exact wording:
//   fill        【已成交】平多 / 交易对 / 成交: qty @ avg / 执行: 挂单模式|激进模式 / 原因 / 仓位: a -> b
//   open alert  【告警】开多 / 交易对 / 仓位: a -> b
//   risk        【风险】平多 / 交易对 / 强平距离
//   reconnect   【重连】<stream> / 状态: 已重连
// xtb's extra kinds (protective stop, side closed, kill switch, stale data) use the same form.
// Thread: any (cold path).
#include <string>

#include "notify/alert_text.hpp"

namespace xtb::notify {
namespace {


/// 平多 / 平空 (closing the side), or 平仓 for one-way mode.
const char* close_action(PositionSide s) noexcept {
  return s == PositionSide::Long ? "平多" : s == PositionSide::Short ? "平空" : "平仓";
}

std::string line(const char* key, const std::string& value) { return std::string("\n  ") + key + ": " + value; }

std::string head(const char* title, const char* action, const Alert& a, const SymbolTable& s) {
  return std::string("【") + title + "】" + action + line("交易对", symbol_text(s, a.symbol));
}

std::string qty(const Alert& a, const SymbolTable& s, Qty q) { return qty_text(s, a.symbol, q); }

std::string moved(const Alert& a, const SymbolTable& s) {
  return line("仓位", qty(a, s, a.qty_before) + " -> " + qty(a, s, a.qty_after));
}

std::string risk(const Alert& a, const SymbolTable& s, const char* title, const std::string& state) {
  std::string t = head(title, close_action(a.side), a, s);
  t += line("强平距离", a.value_e8 >= 0 ? percent_text(a.value_e8) : std::string("未知"));
  if (a.px > 0) t += line("标记价格", price_text(s, a.symbol, a.px));
  return t + line("状态", state) + line("仓位", qty(a, s, a.qty_after));
}

std::string stop(const Alert& a, const SymbolTable& s, const char* state) {
  std::string t = head("保护止损", close_action(a.side), a, s);
  if (a.px > 0) t += line("止损价", price_text(s, a.symbol, a.px));
  return t + line("状态", state) + line("仓位", qty(a, s, a.qty_after));
}

std::string tier_state(const Alert& a) {
  return a.tier >= 0 ? "进入强制平仓第 " + std::to_string(static_cast<int>(a.tier) + 1) + " 档" : "进入强制平仓";
}

std::string fill(const Alert& a, const SymbolTable& s) {
  return head("已成交", close_action(a.side), a, s) +
         line("成交", qty(a, s, static_cast<Qty>(a.value_e8)) + " @ " + price_text(s, a.symbol, a.px)) +
         line("执行", a.mode == 0 ? "挂单模式" : "激进模式") +
         line("原因", std::string(a.reason_text())) + moved(a, s);
}

}  // namespace

std::string format_alert_zh(const Alert& a, const SymbolTable& s) {
  const bool long_side = a.side == PositionSide::Long;
  switch (a.kind) {
    case AlertKind::Fill: return fill(a, s);
    case AlertKind::ExternalOpen: return head("告警", long_side ? "开多" : "开空", a, s) + moved(a, s);
    case AlertKind::ExternalIncrease: return head("告警", long_side ? "加多" : "加空", a, s) + moved(a, s);
    case AlertKind::SoftRiskEnter: return risk(a, s, "风险", "接近强平，强制激进限价");
    case AlertKind::SoftRiskExit: return risk(a, s, "风险解除", "强平距离已恢复");
    case AlertKind::PanicEnter: return risk(a, s, "风险", tier_state(a));
    case AlertKind::PanicExit: return risk(a, s, "风险解除", "退出强制平仓");
    case AlertKind::StopPlaced: return stop(a, s, "已挂出");
    case AlertKind::StopCancelled: return stop(a, s, "已撤销");
    case AlertKind::StopTriggered: return stop(a, s, "已触发");
    case AlertKind::StopRejected: return stop(a, s, "被拒绝");
    case AlertKind::StopAdopted: return stop(a, s, "已接管现有止损");
    case AlertKind::StopExternal: return stop(a, s, "已有其他 closePosition 止损（-4130），不再挂出");
    case AlertKind::KillSwitch:
      return std::string("【告警】熔断") + (a.symbol != kNoSymbol ? line("交易对", symbol_text(s, a.symbol)) : "") +
             line("状态", "交易已停止");
    case AlertKind::SideClosed:
      return head("已平仓", close_action(a.side), a, s) +
             (a.qty_after > 0 ? line("剩余", qty(a, s, a.qty_after) + "（低于最小下单量）") : line("仓位", "0"));
    case AlertKind::DataStale:
      return head("告警", close_action(a.side), a, s) + line("状态", "行情数据过期，暂停下单") +
             line("仓位", qty(a, s, a.qty_after));
    case AlertKind::Reconnect:
      return std::string(a.mode == 1 ? "【重连】行情数据流" : "【重连】用户数据流") + line("状态", "已重连，校准后恢复下单");
    case AlertKind::kCount: break;
  }
  return "【告警】未知提醒 #" + std::to_string(static_cast<int>(a.kind));
}

}  // namespace xtb::notify
