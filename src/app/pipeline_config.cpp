#include "app/pipeline_config.hpp"

#include <yaml-cpp/yaml.h>

#include <set>
#include <type_traits>

#include "core/yaml_document.hpp"

namespace xtb {
namespace {

template <class T>
const char* wanted() {
  if constexpr (std::is_same_v<T, bool>) return "true or false";
  else if constexpr (std::is_same_v<T, std::string>) return "a string";
  else if constexpr (std::is_unsigned_v<T>) return "a non-negative integer";
  else return "an integer";
}

/// `key` of map `n` as T; `dflt` when absent. Null and wrong kinds are errors naming the key,
/// what it must be and what it is ("got a sequence", "got 'lots'").
template <class T>
T get(const YAML::Node& n, const char* key, T dflt, const std::string& path) {
  const YAML::Node v = n[key];
  if (!v) return dflt;
  const std::string field = "'" + path + "." + key + "'";
  if (v.IsNull()) throw ConfigError("config: " + field + " must not be null (remove the key to use the default)");
  try {
    if (v.IsScalar()) return v.as<T>();
  } catch (const YAML::Exception&) {
  }
  throw ConfigError("config: " + field + " has the wrong type: must be " + wanted<T>() + yaml::got(v));
}

/// A sub-section (`cpus:`, `rings:`, ...): absent or null = defaults, else a map.
bool section(const YAML::Node& n, const char* key, const std::string& path) {
  const YAML::Node v = n[key];
  if (!v || v.IsNull()) return false;
  if (!v.IsMap()) throw ConfigError("config: '" + path + "." + key + "' must be a map" + yaml::got(v));
  return true;
}

void check_keys(const YAML::Node& n, const std::set<std::string>& allowed, const std::string& path) {
  for (const auto& kv : n) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("(complex key)");
    if (!allowed.count(key)) throw ConfigError("config: unknown key '" + path + "." + yaml::printable(key) + "'");
  }
}

std::size_t pow2(const YAML::Node& n, const char* key, std::size_t dflt, const std::string& path) {
  const auto v = get<std::size_t>(n, key, dflt, path);
  if (v < 2 || (v & (v - 1)) != 0)
    throw ConfigError("config: '" + path + "." + key + "' must be a power of two >= 2, got " + std::to_string(v));
  return v;
}

// A `cpus:` entry that asks for a CPU (>= 0) the chosen layout cannot honour is an error
// (never ignored); -1 (not pinned) fits every layout.
void check_cpus_used(const PipelineConfig& c) {
  const char* names[kPipelineStages] = {"ingest", "decode", "sequencer", "egress"};
  const int cpu[kPipelineStages] = {c.cpu_ingest, c.cpu_decode, c.cpu_sequencer, c.cpu_egress};
  const LayoutKind layout = c.layout;
  for (std::size_t i = 0; i < kPipelineStages; ++i) {
    if (cpu[i] < 0) continue;
    const std::string key = std::string("'pipeline.cpus.") + names[i] + "'";
    if (layout == LayoutKind::Auto)
      throw ConfigError("config: " + key + " pins a thread, but 'pipeline.layout' is auto: name the layout "
                        "(compact, split or pinned) to pin its threads");
    const auto stage = static_cast<PipelineStage>(i);
    const std::size_t t = layout_thread_of(layout, stage);
    for (std::size_t j = 0; j < i; ++j)
      if (layout_thread_of(layout, static_cast<PipelineStage>(j)) == t)
        throw ConfigError("config: " + key + " has no effect: layout " + to_string(layout) + " runs " + names[i] +
                          " on the " + names[j] + " thread (pin it with 'pipeline.cpus." + names[j] + "')");
  }
}

}  // namespace

PipelineConfig parse_pipeline_config(const YAML::Node& node) {
  PipelineConfig c;
  if (!node || node.IsNull()) return c;
  if (!node.IsMap()) throw ConfigError("config: 'pipeline' must be a map" + yaml::got(node));
  check_keys(node,
             {"layout", "runner", "wait", "cpus", "rt_priority", "strict_affinity", "mlock", "rings", "large_frames"},
             "pipeline");
  const auto runner = get<std::string>(node, "runner", "threaded", "pipeline");
  if (runner == "inline") c.runner = RunnerKind::Inline;
  else if (runner == "threaded") c.runner = RunnerKind::Threaded;
  else throw ConfigError("config: 'pipeline.runner' must be inline or threaded, got '" + runner + "'");
  const auto layout = get<std::string>(node, "layout", "pinned", "pipeline");
  if (!parse_layout(layout, c.layout))
    throw ConfigError("config: 'pipeline.layout' must be compact, split, pinned or auto, got '" + layout + "'");
  const auto wait = get<std::string>(node, "wait", "blocking", "pipeline");
  if (!parse_wait_mode(wait, c.wait))
    throw ConfigError("config: 'pipeline.wait' must be busy-spin, adaptive, yield or blocking, got '" + wait + "'");
  if (section(node, "cpus", "pipeline")) {
    const YAML::Node cpus = node["cpus"];
    check_keys(cpus, {"ingest", "decode", "sequencer", "egress"}, "pipeline.cpus");
    c.cpu_ingest = get<int>(cpus, "ingest", -1, "pipeline.cpus");
    c.cpu_decode = get<int>(cpus, "decode", -1, "pipeline.cpus");
    c.cpu_sequencer = get<int>(cpus, "sequencer", -1, "pipeline.cpus");
    c.cpu_egress = get<int>(cpus, "egress", -1, "pipeline.cpus");
    check_cpus_used(c);
  }
  c.rt_priority = get<int>(node, "rt_priority", 0, "pipeline");
  if (c.rt_priority < 0 || c.rt_priority > 99) throw ConfigError("config: 'pipeline.rt_priority' must be 0..99");
  c.strict_affinity = get<bool>(node, "strict_affinity", false, "pipeline");
  c.mlock = get<bool>(node, "mlock", false, "pipeline");
  if (section(node, "rings", "pipeline")) {
    const YAML::Node rings = node["rings"];
    check_keys(rings, {"frames", "events", "commands"}, "pipeline.rings");
    c.frame_ring = pow2(rings, "frames", c.frame_ring, "pipeline.rings");
    c.event_ring = pow2(rings, "events", c.event_ring, "pipeline.rings");
    c.command_ring = pow2(rings, "commands", c.command_ring, "pipeline.rings");
  }
  if (section(node, "large_frames", "pipeline")) {
    const YAML::Node lf = node["large_frames"];
    check_keys(lf, {"slots", "bytes"}, "pipeline.large_frames");
    c.large_slots = get<std::size_t>(lf, "slots", c.large_slots, "pipeline.large_frames");
    c.large_slot_bytes = get<std::size_t>(lf, "bytes", c.large_slot_bytes, "pipeline.large_frames");
    if (c.large_slots == 0 || c.large_slot_bytes < 4096)
      throw ConfigError("config: 'pipeline.large_frames' needs slots >= 1 and bytes >= 4096");
  }
  return c;
}

}  // namespace xtb
