// fault_plan.cpp — see fault_plan.hpp.
#include "sim/core/fault_plan.hpp"

#include <yaml-cpp/yaml.h>

#include "core/yaml_document.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace xtb::sim {
namespace {

struct TypeName {
  FaultType type;
  const char* name;
};
constexpr TypeName kTypes[] = {
    {FaultType::KillConnections, "kill_connections"}, {FaultType::ExpireListenKey, "expire_listen_key"},
    {FaultType::DelayAck, "delay_ack"},               {FaultType::DropAck, "drop_ack"},
    {FaultType::RestError, "rest_error"},             {FaultType::RestTimeout, "rest_timeout"},
    {FaultType::DropEvent, "drop_event"},             {FaultType::DuplicateEvent, "duplicate_event"},
    {FaultType::ReorderEvents, "reorder_events"},
};

bool type_from(std::string_view s, FaultType& t) {
  for (const TypeName& n : kTypes)
    if (s == n.name) { t = n.type; return true; }
  return false;
}

bool target_from(std::string_view s, FaultTarget& t) {
  if (s.empty() || s == "all") t = FaultTarget::All;
  else if (s == "market") t = FaultTarget::Market;
  else if (s == "user") t = FaultTarget::User;
  else if (s == "rest") t = FaultTarget::Rest;
  else return false;
  return true;
}

template <typename T>
bool number(std::string_view s, T& out) {
  if (s.empty()) return true;  // keep the default
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

std::string scalar(const YAML::Node& n, const char* key) {
  return n[key] ? n[key].as<std::string>() : std::string();
}

}  // namespace

const char* to_string(FaultType t) noexcept {
  for (const TypeName& n : kTypes)
    if (n.type == t) return n.name;
  return "?";
}

const char* to_string(FaultTarget t) noexcept {
  switch (t) {
    case FaultTarget::All: return "all";
    case FaultTarget::Market: return "market";
    case FaultTarget::User: return "user";
    case FaultTarget::Rest: return "rest";
  }
  return "?";
}

bool parse_fault(std::string_view type, std::string_view count, std::string_view ms, std::string_view status,
                 std::string_view process, std::string_view target, std::string_view path, std::string_view at,
                 FaultSpec& out, std::string& error) {
  out = FaultSpec{};
  if (!type_from(type, out.type)) { error = "unknown fault type '" + std::string(type) + "'"; return false; }
  if (!number(count, out.count) || out.count == 0) { error = "bad count"; return false; }
  if (!number(ms, out.ms) || out.ms < 0) { error = "bad ms"; return false; }
  if (!number(status, out.status) || out.status < 400 || out.status > 599) { error = "bad status (400..599)"; return false; }
  if (!target_from(target, out.target)) { error = "bad target (all|market|user|rest)"; return false; }
  if (!process.empty() && process != "true" && process != "false") { error = "bad process (true|false)"; return false; }
  out.process = process == "true";
  if (!at.empty()) {
    std::string text(at);
    char* end = nullptr;
    out.at_s = std::strtod(text.c_str(), &end);
    // Finite and bounded: FaultInjector::add converts it to integer ms (NaN, inf or 1e300
    // would be undefined behaviour there).
    if (end != text.c_str() + text.size() || !std::isfinite(out.at_s) || out.at_s < 0 || out.at_s > kMaxAtSeconds) {
      error = "bad at (seconds, 0.." + std::to_string(static_cast<long long>(kMaxAtSeconds)) + ")";
      return false;
    }
  }
  out.path = std::string(path);
  return true;
}

std::vector<FaultSpec> load_fault_file(const std::string& path) {
  YAML::Node root;
  try {
    root = yaml::load_yaml_file_or_throw(path);  // strict: duplicate keys, errno, ... (D14/D16)
  } catch (const yaml::YamlDocumentError& e) {
    throw std::runtime_error("fault file " + path + ": " + e.what());
  }
  const YAML::Node list = root.IsMap() ? root["faults"] : root;
  std::vector<FaultSpec> out;
  if (!list) return out;
  if (!list.IsSequence()) throw std::runtime_error("fault file " + path + ": expected a list of faults");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    FaultSpec f;
    std::string error;
    if (!n.IsMap() || !parse_fault(scalar(n, "type"), scalar(n, "count"), scalar(n, "ms"), scalar(n, "status"),
                                   scalar(n, "process"), scalar(n, "target"), scalar(n, "path"), scalar(n, "at"), f,
                                   error))
      throw std::runtime_error("fault file " + path + ", entry " + std::to_string(i) + ": " + error);
    out.push_back(f);
  }
  return out;
}

bool FaultInjector::add(const FaultSpec& f, EpochMs start_ms) {
  if (specs_.size() >= kMaxArmed) return false;
  const EpochMs at = f.at_s < 0 ? 0 : start_ms + static_cast<EpochMs>(f.at_s * 1000.0);
  specs_.push_back(Armed{f, at, f.count});
  std::fprintf(stderr, "fault armed: %s count=%u%s%s\n", to_string(f.type), f.count, f.path.empty() ? "" : " path=",
               f.path.c_str());
  return true;
}

std::vector<FaultSpec> FaultInjector::take_due_actions(EpochMs now) {
  std::vector<FaultSpec> due;
  for (auto it = specs_.begin(); it != specs_.end();) {
    const bool action = it->spec.type == FaultType::KillConnections || it->spec.type == FaultType::ExpireListenKey;
    if (action && it->at_ms <= now) {
      due.push_back(it->spec);
      ++fired_;
      it = specs_.erase(it);
    } else {
      ++it;
    }
  }
  return due;
}

FaultInjector::Armed* FaultInjector::find_active(FaultType t, std::string_view path, EpochMs now) noexcept {
  for (Armed& a : specs_)
    if (a.spec.type == t && a.at_ms <= now && a.left > 0 && (a.spec.path.empty() || a.spec.path == path)) return &a;
  return nullptr;
}

void FaultInjector::consume(Armed* a) noexcept {
  ++fired_;
  if (--a->left == 0) specs_.erase(specs_.begin() + (a - specs_.data()));
}

RestFault FaultInjector::on_rest_request(std::string_view path, bool order_entry, EpochMs now) noexcept {
  if (specs_.empty()) return {};
  RestFault r;
  Armed* a = find_active(FaultType::RestTimeout, path, now);
  if (a != nullptr) {
    r.kind = RestFault::Timeout;
  } else if ((a = find_active(FaultType::RestError, path, now)) != nullptr) {
    r.kind = RestFault::Error;
    r.status = a->spec.status;
    r.process = a->spec.process;
  } else if (order_entry && (a = find_active(FaultType::DropAck, path, now)) != nullptr) {
    r.kind = RestFault::DropAck;
  } else if (order_entry && (a = find_active(FaultType::DelayAck, path, now)) != nullptr) {
    r.kind = RestFault::DelayAck;
    r.delay_ms = a->spec.ms;
  } else {
    return {};
  }
  std::fprintf(stderr, "fault: %s path=%.*s status=%u delay_ms=%lld%s\n", to_string(a->spec.type),
               static_cast<int>(path.size()), path.data(), r.status, static_cast<long long>(r.delay_ms),
               r.process ? " processed" : "");
  consume(a);
  return r;
}

EventFault FaultInjector::on_user_event(EpochMs now) noexcept {
  if (specs_.empty()) return EventFault::None;
  for (FaultType t : {FaultType::DropEvent, FaultType::DuplicateEvent, FaultType::ReorderEvents}) {
    Armed* a = find_active(t, {}, now);
    if (a == nullptr) continue;
    std::fprintf(stderr, "fault: %s\n", to_string(t));
    consume(a);
    return t == FaultType::DropEvent ? EventFault::Drop
                                     : (t == FaultType::DuplicateEvent ? EventFault::Duplicate : EventFault::Reorder);
  }
  return EventFault::None;
}

void arm_fault_file(const std::string& path, FaultInjector& faults, EpochMs start_ms) {
  if (path.empty()) return;
  for (const FaultSpec& f : load_fault_file(path))
    if (!faults.add(f, start_ms))
      throw std::runtime_error("fault file " + path + ": more than " + std::to_string(FaultInjector::kMaxArmed) +
                               " faults");
}

}  // namespace xtb::sim
