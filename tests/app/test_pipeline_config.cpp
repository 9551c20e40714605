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

TEST_CASE("pipeline config: layout, adaptive wait, and cpus the layout cannot use") {
  CHECK(parse_pipeline_config(YAML::Node()).layout == LayoutKind::Pinned);  // today's four threads
  const auto c = parse_pipeline_config(YAML::Load("layout: split\nwait: adaptive\ncpus: { ingest: 1, sequencer: 0 }"));
  CHECK(c.layout == LayoutKind::Split);
  CHECK(c.wait == WaitMode::Adaptive);
  CHECK(c.cpu_ingest == 1);
  CHECK(c.cpu_sequencer == 0);
  CHECK(parse_pipeline_config(YAML::Load("layout: compact")).layout == LayoutKind::Compact);
  CHECK(parse_pipeline_config(YAML::Load("layout: auto")).layout == LayoutKind::Auto);
  CHECK(parse_pipeline_config(YAML::Load("cpus: { ingest: 2, decode: 3, sequencer: 4, egress: 5 }")).cpu_egress == 5);
  // -1 = not pinned: fits every layout (the shipped config lists all four as -1).
  CHECK(parse_pipeline_config(YAML::Load("layout: auto\ncpus: { ingest: -1, decode: -1, sequencer: -1, egress: -1 }"))
            .layout == LayoutKind::Auto);

  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("layout: threaded")),
                       doctest::Contains("'pipeline.layout' must be compact, split, pinned or auto, got 'threaded'"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("layout: compact\ncpus: { ingest: 1, egress: 1 }")),
                       doctest::Contains("'pipeline.cpus.egress' has no effect: layout compact runs egress on the "
                                         "ingest thread"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("layout: split\ncpus: { decode: 1 }")),
                       doctest::Contains("'pipeline.cpus.decode' has no effect: layout split"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("layout: auto\ncpus: { ingest: 1 }")),
                       doctest::Contains("'pipeline.cpus.ingest' pins a thread, but 'pipeline.layout' is auto"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse_pipeline_config(YAML::Load("wait: sleepy")),
                       doctest::Contains("busy-spin, adaptive, yield or blocking"), ConfigError);
}
