// run_texts.cpp — see run_texts.hpp.
#include "notify/run_texts.hpp"

namespace xtb::notify {
namespace {

const char* zh_side(PositionSide s) noexcept { return s == PositionSide::Short ? "空" : "多"; }
const char* zh_close(PositionSide s) noexcept { return s == PositionSide::Short ? "平空" : "平多"; }

std::string seconds(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", s);
  return b;
}

}  // namespace

std::string format_run_start(const RunStartText& r, Language lang) {
  if (lang == Language::Zh) {
    std::string t = "【启动】xtb run\n  运行ID: " + r.run_id + "\n  交易所: " + r.venue;
    if (r.positions.empty()) return t + "\n  仓位: 无";
    for (const RunSideText& p : r.positions) t += "\n  仓位: " + p.symbol + " " + zh_side(p.side) + " " + p.start;
    return t;
  }
  std::string t = "xtb run started: run " + r.run_id + ", venue " + r.venue;
  if (r.positions.empty()) return t + "\n  no open position";
  for (const RunSideText& p : r.positions) t += "\n  " + p.symbol + " " + side_text(p.side) + " " + p.start;
  return t;
}

std::string format_run_summary(const RunSummaryText& r, Language lang) {
  std::string t;
  if (lang == Language::Zh) {
    t = "【运行结束】xtb run\n  运行ID: " + r.run_id + "\n  原因: " + r.stop_reason + "\n  用时: " + seconds(r.wall_s) +
        " 秒\n  结果: " + (r.ok ? "正常" : "异常（见日志）");
    for (const RunSideText& s : r.sides) {
      t += "\n  " + s.symbol + " " + zh_close(s.side) + ": " + s.start + " -> " + s.remaining + " (成交 " +
           std::to_string(s.fills) + " 笔";
      t += (s.avg_exit.empty() ? std::string() : ", 均价 " + s.avg_exit) + ")";
    }
    return t;
  }
  t = "xtb run finished: run " + r.run_id + ", " + (r.ok ? "OK" : "FAILED (see the log)") + "\n  stop: " +
      r.stop_reason + "; " + seconds(r.wall_s) + " s";
  for (const RunSideText& s : r.sides) {
    t += "\n  " + s.symbol + " " + side_text(s.side) + ": " + s.start + " → " + s.remaining + " (" +
         std::to_string(s.fills) + " fills";
    t += (s.avg_exit.empty() ? std::string() : ", avg exit " + s.avg_exit) + ")";
  }
  return t;
}

}  // namespace xtb::notify
