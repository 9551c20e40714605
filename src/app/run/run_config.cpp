// run_config.cpp — see run_config.hpp.
#include "app/run/run_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <random>
#include <set>
#include <sstream>

#include "app/run/config_reader.hpp"
#include "app/run/venues_config.hpp"
#include "core/yaml_document.hpp"
#include "engine/order_id_allocator.hpp"
#include "notify/seed_events.hpp"
#include "strategy/config_document.hpp"
#include "venue/venue_list.hpp"

namespace xtb::run {
namespace {

bool valid_id_part(const std::string& s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

void read_engine(Issues& is, const YAML::Node& n, EngineRunConfig& e) {
  if (!is.map(n, "engine")) return;
  is.keys(n, "engine", {"id_prefix", "run_id", "journal", "shutdown", "shutdown_timeout_ms", "reconcile_interval_ms",
                             "risk_refresh_ms"});
  // Client order ids must match ^[.A-Z:/a-z0-9_-]{1,36}$ (Binance): prefix-run-seq with room
  // for the sequence number; '-' is the separator, so neither part may contain it.
  if (read_string(is, n, "engine", "id_prefix", e.id_prefix) && !valid_id_part(e.id_prefix, 8))
    is.add(n["id_prefix"], "engine.id_prefix", "must be 1..8 chars of [A-Za-z0-9_]");
  // run_id: the allocator's own rule (review B4: '_' used to pass here and fail at start-up).
  if (read_string(is, n, "engine", "run_id", e.run_id) && !engine::OrderIdAllocator::valid_run_id(e.run_id))
    is.add(n["run_id"], "engine.run_id", "must be 1..12 chars of [A-Za-z0-9]" + yaml::got(n["run_id"]));
  // Live ids are <prefix>-<run_id>-<epoch: 8 chars>-<seq> (engine/order_id_allocator.hpp):
  // together at most 16 chars, so every id fits in 36 with 9 digits of sequence.
  if (valid_id_part(e.id_prefix, 8) && engine::OrderIdAllocator::valid_run_id(e.run_id) &&
      e.id_prefix.size() + e.run_id.size() > engine::OrderIdAllocator::kMaxPrefixPlusRunId)
    is.add(n["run_id"] ? n["run_id"] : n["id_prefix"], n["run_id"] ? "engine.run_id" : "engine.id_prefix",
           "id_prefix + run_id must be at most 16 chars together (client order ids <prefix>-<run_id>-<epoch>-<seq> "
           "fit Binance's 36), got " + std::to_string(e.id_prefix.size()) + " + " + std::to_string(e.run_id.size()));
  read_string(is, n, "engine", "journal", e.journal);
  std::string policy;
  if (read_string(is, n, "engine", "shutdown", policy)) {
    if (policy == "cancel_own") e.shutdown = ShutdownPolicy::CancelOwn;
    else if (policy == "leave_resting") e.shutdown = ShutdownPolicy::LeaveResting;
    else is.add(n["shutdown"], "engine.shutdown", "must be cancel_own or leave_resting" + yaml::got(n["shutdown"]));
  }
  read_int(is, n, "engine", "shutdown_timeout_ms", e.shutdown_timeout_ms, 100, 60'000);
  read_int(is, n, "engine", "reconcile_interval_ms", e.reconcile_interval_ms, 1000, 3'600'000);
  read_int(is, n, "engine", "risk_refresh_ms", e.risk_refresh_ms, 0, 3'600'000);
}

void read_logs(Issues& is, const YAML::Node& n, LogConfig& l) {
  if (n.IsDefined() && is.map(n, "logs")) {
    is.keys(n, "logs", {"dir", "retention_days", "events"});
    read_string(is, n, "logs", "dir", l.dir);
    read_int(is, n, "logs", "retention_days", l.retention_days, 1, 3650);
    read_bool(is, n, "logs", "events", l.events);
  }
  if (const char* env = std::getenv("XTB_LOG_DIR"); env != nullptr) {  // the seed's VQ_LOG_DIR
    l.dir = env;
    l.dir_from_env = true;
  }
}

// strategies: [{kind, venue, symbols: [..], params: {key: scalar}}]. The kind and the venue
// (default: the first venue; one of the run's venues) are checked here; the parameters when the strategy is built against
// the venue's symbols (start-up, exit 2).
void read_strategies(Issues& is, const YAML::Node& n, const std::vector<VenueConfig>& venues,
                     std::vector<strategy::StrategySpec>& out) {
  if (!n.IsDefined()) return;
  if (!n.IsSequence() || n.size() == 0) {
    is.add(n, "strategies", "must be a non-empty list of {kind, symbols, params}" + yaml::got(n));
    return;
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    const YAML::Node e = n[i];
    const std::string f = "strategies[" + std::to_string(i) + "]";
    if (!is.map(e, f)) continue;
    is.keys(e, f, {"kind", "venue", "symbols", "params"});
    strategy::StrategySpec spec;
    std::string venue = venues.front().name;
    if (e["venue"].IsDefined() && read_string(is, e, f, "venue", venue) && !is_live_venue(venue))
      is.add(e["venue"], f + ".venue", "unknown venue '" + venue + "' (known: " + live_venue_names_text() + ")");
    else if (e["venue"].IsDefined() && find_venue_config(venues, venue) == nullptr)
      is.add(e["venue"], f + ".venue", "venue '" + venue + "' is not traded by this run (add it to venues:)");
    spec.venue = live_venue_id(venue);
    if (read_string(is, e, f, "kind", spec.kind) && strategy::find_strategy_kind(spec.kind) == nullptr)
      is.add(e["kind"], f + ".kind", "unknown strategy" + yaml::got(e["kind"]));
    else if (spec.kind.empty()) is.add(e, f + ".kind", "required");
    const YAML::Node syms = e["symbols"];
    if (!syms.IsDefined()) {
      is.add(e, f + ".symbols", "required (a list of symbol names)");
    } else if (syms.IsSequence())
      for (const YAML::Node& s : syms) {
        if (s.IsScalar()) spec.symbols.push_back(strategy::normalize_symbol(s.Scalar()));
        else is.add(s, f + ".symbols", "must be symbol names" + yaml::got(s));
      }
    else is.add(syms, f + ".symbols", "must be a list of symbol names" + yaml::got(syms));
    const YAML::Node params = e["params"];
    if (params.IsDefined() && is.map(params, f + ".params"))
      for (const auto& kv : params) {
        if (kv.second.IsScalar()) spec.params[kv.first.Scalar()] = kv.second.Scalar();
        else is.add(kv.second, f + ".params." + kv.first.Scalar(), "must be a scalar" + yaml::got(kv.second));
      }
    out.push_back(std::move(spec));
  }
}

void read_pipeline(Issues& is, const YAML::Node& n, PipelineConfig& p) {
  try {
    p = parse_pipeline_config(n);
    if (p.runner != RunnerKind::Threaded)
      is.add(n["runner"], "pipeline.runner",
             "is xtb replay's; xtb run lays its stages out with pipeline.layout (compact: every stage on one thread)");
  } catch (const ConfigError& e) {
    // parse_pipeline_config names the key ('pipeline.rings.frames'): point at that node.
    std::string msg = e.what();
    if (msg.rfind("config: ", 0) == 0) msg = msg.substr(8);
    std::string field = "pipeline";
    // Walk to the node the message names. Handles are only ever copy-constructed (a vector
    // of them): assigning one YAML::Node to another rewrites the node it referred to.
    std::vector<YAML::Node> chain{n};
    if (const std::size_t q = msg.find("'pipeline."); q != std::string::npos) {
      const std::size_t end = msg.find('\'', q + 1);
      field = msg.substr(q + 1, end == std::string::npos ? std::string::npos : end - q - 1);
      std::stringstream ss(field.substr(9));
      for (std::string part; std::getline(ss, part, '.') && chain.back().IsMap();) {
        const YAML::Node next = chain.back()[part];
        if (!next.IsDefined()) break;
        chain.push_back(next);
      }
      // An unknown key or a null value: point at the key itself (a null's mark is the next token).
      const YAML::Node& at = chain.back();
      if (chain.size() > 1 && (msg.find("unknown key") != std::string::npos || at.IsNull())) {
        const YAML::Node k = yaml::key_node(chain[chain.size() - 2], field.substr(field.rfind('.') + 1));
        if (k.IsDefined()) chain.push_back(k);
      }
    }
    is.add(chain.back(), field, msg);
  } catch (const YAML::Exception& e) {
    is.add(n, "pipeline", e.msg);
  }
}

// Seed 002's own spellings under `global:` (vibe-quant config.yaml): each one has an effect
// or is refused at its line (review B8) — none is silently ignored.
//   testnet: true      → Binance USD-M testnet URLs (kTestnetRest / kTestnetWs)
//   proxy: <url>       → refused: xtb has no HTTP CONNECT proxy for REST or WebSocket
//   telegram: {...}    → notify: (see read_seed_telegram)

void read_seed_proxy(Issues& is, const YAML::Node& g) {
  const YAML::Node n = g["proxy"];
  if (!n.IsDefined() || n.IsNull() || (n.IsScalar() && n.Scalar().empty())) return;  // no proxy: nothing to do
  is.add(n, "global.proxy",
         "is not supported: xtb connects to the venue directly for REST and WebSocket (no HTTP CONNECT proxy); "
         "remove the key or set it to \"\"");
}

/// global.telegram (enabled, events.on_fill/on_reconnect/on_risk_trigger/on_open_alert) mapped
/// onto notify: a Telegram notifier reading the seed's env vars TELEGRAM_BOT_TOKEN /
/// TELEGRAM_CHAT_ID, sending the alert kinds of the enabled events. Both sections → refused.
void read_seed_telegram(Issues& is, const YAML::Node& g, const YAML::Node& notify_node, notify::NotifyConfig& c) {
  const YAML::Node t = g["telegram"];
  if (!is.map(t, "global.telegram")) return;
  if (notify_node.IsDefined() && !notify_node.IsNull()) {
    is.add(t, "global.telegram", "set either notify: (line " + std::to_string(notify_node.Mark().line + 1) +
                                     ") or global.telegram, not both");
    return;
  }
  is.keys(t, "global.telegram", {"enabled", "events"});
  c.kind = notify::NotifierKind::Telegram;
  c.token_env = "TELEGRAM_BOT_TOKEN";
  c.chat_id_env = "TELEGRAM_CHAT_ID";
  read_bool(is, t, "global.telegram", "enabled", c.enabled);
  const YAML::Node ev = t["events"];
  if (!is.map(ev, "global.telegram.events")) return;
  is.keys(ev, "global.telegram.events", {"on_fill", "on_reconnect", "on_risk_trigger", "on_open_alert"});
  for (const char* key : {"on_fill", "on_reconnect", "on_risk_trigger", "on_open_alert"}) {
    bool on = true;
    read_bool(is, ev, "global.telegram.events", key, on);
    for (AlertKind k : notify::seed_event_kinds(key)) c.alerts[static_cast<std::size_t>(k)] = on;
  }
}

/// global.ws.reconnect {initial_delay_ms, max_delay_ms, multiplier} → the stream backoff.
void read_seed_reconnect(Issues& is, const YAML::Node& g, net::BackoffConfig& b) {
  const YAML::Node ws = g["ws"];
  if (!ws.IsDefined() || !ws.IsMap()) return;  // the strategy loader reports a bad global.ws
  const YAML::Node rc = ws["reconnect"];
  const std::string f = "global.ws.reconnect";
  if (!is.map(rc, f)) return;
  is.keys(rc, f, {"initial_delay_ms", "max_delay_ms", "multiplier"});
  std::int64_t initial = b.initial_ns / 1'000'000, max = b.max_ns / 1'000'000;
  read_int(is, rc, f, "initial_delay_ms", initial, 1, 600'000);
  read_int(is, rc, f, "max_delay_ms", max, 1, 3'600'000);
  if (max < initial) is.add(rc["max_delay_ms"].IsDefined() ? rc["max_delay_ms"] : rc, f + ".max_delay_ms",
                            "must be at least initial_delay_ms (" + std::to_string(initial) + ")");
  std::string m;
  if (is.scalar(rc, f, "multiplier", "a number in [1, 10]", m)) {
    double v = 0;
    const auto [p, ec] = std::from_chars(m.data(), m.data() + m.size(), v);
    if (ec != std::errc() || p != m.data() + m.size() || !(v >= 1.0 && v <= 10.0))
      is.add(rc["multiplier"], f + ".multiplier", "must be a number in [1, 10]" + yaml::got(rc["multiplier"]));
    else b.multiplier = v;
  }
  b.initial_ns = initial * 1'000'000;
  b.max_ns = max * 1'000'000;
}

/// engine.run_id omitted: a new one for this start (seed 002 "run_id 每次启动自动生成";
/// review B9: two instances on one account then never share "this run"). A journal resumes
/// one run, so it needs the run id named explicitly.
void settle_run_id(Issues& is, const YAML::Node& n, EngineRunConfig& e) {
  const bool section = n.IsDefined() && n.IsMap();
  if (!e.run_id.empty() || (section && n["run_id"].IsDefined())) return;  // given (maybe refused)
  if (!e.journal.empty() && section) {
    is.add(n["journal"], "engine.journal",
           "a journal resumes one run: set engine.run_id too (it is generated at every start when omitted)");
    return;
  }
  e.run_id = generate_run_id(std::min<std::size_t>(8, engine::OrderIdAllocator::kMaxPrefixPlusRunId -
                                                          std::min(e.id_prefix.size(), std::size_t{8})));
  e.run_id_generated = true;
}

}  // namespace

std::string generate_run_id(std::size_t len) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  len = std::clamp<std::size_t>(len, 1, engine::OrderIdAllocator::kMaxRunId);
  std::random_device rd;
  std::string id(len, '0');
  for (char& c : id) c = kDigits[rd() % 36];
  return id;
}

std::string venues_text(const std::vector<VenueConfig>& venues) {
  if (venues.size() == 1) return venues.front().rest_url;
  std::string out;
  for (const VenueConfig& v : venues) out += (out.empty() ? "" : ", ") + v.name + " " + v.rest_url;
  return out;
}

std::string RunConfigResult::error_text() const { return format_issues(errors); }

bool parse_url(const std::string& url, bool websocket, live::LiveEndpoint& out, std::string& error) {
  const std::size_t sep = url.find("://");
  if (sep == std::string::npos) {
    error = "must be a URL like " + std::string(websocket ? "wss://host[:port]" : "https://host[:port]") + ", got '" + url + "'";
    return false;
  }
  const std::string scheme = url.substr(0, sep);
  live::LiveEndpoint ep;
  if (scheme == (websocket ? "wss" : "https")) ep.tls = true;
  else if (scheme == (websocket ? "ws" : "http")) ep.tls = false;
  else {
    error = "scheme must be " + std::string(websocket ? "wss (or ws)" : "https (or http)") + ", got '" + scheme + "'";
    return false;
  }
  std::string rest = url.substr(sep + 3);
  if (const std::size_t slash = rest.find('/'); slash != std::string::npos) {
    if (rest.substr(slash) != "/") {
      error = "must not have a path (the venue paths are fixed), got '" + url + "'";
      return false;
    }
    rest.resize(slash);
  }
  ep.port = ep.tls ? 443 : 80;
  if (const std::size_t colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
    unsigned port = 0;
    const std::string p = rest.substr(colon + 1);
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port == 0 || port > 65535) {
      error = "bad port '" + p + "'";
      return false;
    }
    ep.port = static_cast<std::uint16_t>(port);
    rest.resize(colon);
  }
  if (rest.empty()) {
    error = "has no host";
    return false;
  }
  ep.host = rest;
  out.host = ep.host;
  out.port = ep.port;
  out.tls = ep.tls;
  return true;
}

bool resolve_endpoints(VenueConfig& v, std::string& error) {
  std::string e;
  if (!parse_url(v.rest_url, false, v.rest, e)) {
    error = "venue " + v.name + ": rest_url: " + e;
    return false;
  }
  if (!parse_url(v.ws_url, true, v.ws, e)) {
    error = "venue " + v.name + ": ws_url: " + e;
    return false;
  }
  for (live::LiveEndpoint* ep : {&v.rest, &v.ws}) {
    ep->ca_file = v.ca_file;
    ep->insecure = v.insecure;
    // Loopback by name: dial 127.0.0.1 while TLS checks the name in the certificate.
    ep->connect_address = ep->host == "localhost" ? "127.0.0.1" : "";
  }
  return true;
}

RunConfigResult load_run_config(const std::string& path, const std::vector<std::string>& overrides) {
  RunConfigResult res;
  res.config.file = path;
  // Read, checked (errno, duplicate keys, depth, ...) and overridden once, for every section.
  const strategy::ConfigDocument doc = strategy::prepare_config_file(path, overrides);
  // With a `strategies:` list the closer's global:/symbols: sections are optional.
  const bool listed = doc.has_root && doc.root.IsMap() && doc.root["strategies"].IsDefined() &&
                      !doc.root["symbols"].IsDefined() && !doc.root["global"].IsDefined();
  if (!listed) {
    strategy::StrategyConfigResult s = strategy::parse_strategy_config(doc);
    res.errors = std::move(s.errors);
    res.config.strategy = std::move(s.config);
  } else {
    res.errors = doc.errors;  // file, YAML and override problems (the strategy parse reports them otherwise)
  }
  if (!doc.has_root || !doc.root.IsMap()) return res;  // reported by the strategy parse
  const YAML::Node& root = doc.root;
  Issues is{path, doc.overridden, res.errors};
  is.keys(root, "(top level)",
          {"global", "symbols", "venue", "venues", "pipeline", "engine", "notify", "logs", "strategies"});
  // Field names of top-level keys: without the "(top level)." prefix.
  for (ConfigIssue& i : res.errors)
    if (i.field.rfind("(top level).", 0) == 0) i.field = i.field.substr(12);
  const YAML::Node g = root["global"];
  const bool seed_global = g.IsDefined() && g.IsMap();
  read_venue_sections(is, root, g, res.config.venues);
  std::string err;
  for (VenueConfig& v : res.config.venues)
    if (res.ok() && !resolve_endpoints(v, err)) is.add(root["venue"], "venue", err);
  read_pipeline(is, root["pipeline"], res.config.pipeline);
  read_engine(is, root["engine"], res.config.engine);
  settle_run_id(is, root["engine"], res.config.engine);
  read_logs(is, root["logs"], res.config.logs);
  read_strategies(is, root["strategies"], res.config.venues, res.config.strategies);
  res.config.notify = notify::parse_notify_config(root["notify"], path, res.errors);
  if (seed_global) {
    read_seed_proxy(is, g);
    read_seed_telegram(is, g, root["notify"], res.config.notify);
    read_seed_reconnect(is, g, res.config.venues.front().ws_backoff);
    for (VenueConfig& v : res.config.venues) v.ws_backoff = res.config.venues.front().ws_backoff;
  }
  return res;
}

}  // namespace xtb::run
