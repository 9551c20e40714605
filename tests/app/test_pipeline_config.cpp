#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "app/pipeline_config.hpp"

using namespace xtb;

TEST_CASE("pipeline config: defaults, full config, and clear errors") {
  const auto d = parse_pipeline_config(YAML::Node());
  CHECK(d.runner == RunnerKind::Threaded);
  CHECK(d.wait == WaitMode::Blocking);
  CHECK(d.cpu_decode == -1);

  const auto c = parse_pipeline_config(YAML::Load(R"(
runner: inline
wait: busy-spin
cpus: { ingest: 2, decode: 3, sequencer: 4, egress: 5 }
rt_priority: 50
strict_affinity: true
rings: { frames: 1024, events: 2048, commands: 256 }
)"));
  CHECK(c.runner == RunnerKind::Inline);
  CHECK(c.wait == WaitMode::BusySpin);
  CHECK(c.cpu_sequencer == 4);
  CHECK(c.rt_priority == 50);
  CHECK(c.strict_affinity);
  CHECK(c.event_ring == 2048);

  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("runner: fast")), doctest::Contains("pipeline.runner"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("wait: nap")), doctest::Contains("pipeline.wait"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("rings: { events: 1000 }")), doctest::Contains("power of two"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("cpus: { decod: 1 }")), doctest::Contains("pipeline.cpus.decod"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("rt_priority: lots")), doctest::Contains("wrong type"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("[1, 2]")), doctest::Contains("must be a map"), ConfigError);
}
