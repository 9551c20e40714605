// latency_run.cpp — options and the runs of one rate (see latency_run.hpp); tables and
// files are in latency_report.cpp.
#include "latency_run.hpp"

#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/clock.hpp"
#include "data_files.hpp"

extern char** environ;

namespace xtb::bench {

namespace {

// The docs' example key pair (tests/sim_server/ccxt/check.mjs uses the same one).
constexpr const char* kApiKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
constexpr const char* kSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
constexpr std::int64_t kThresholdTicks = 900000;  // 90000.0 USDT

std::vector<double> parse_list(const std::string& s) {
  std::vector<double> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(std::stod(item));
  return out;
}

// Cold state shared by every run of the process: PKI, capture, fixture bodies.
struct Shared {
  std::unique_ptr<test_support::TempPki> pki;  ///< null until loaded
  MarketMessages msgs;
  test_support::BinanceFixtures fixtures;
};

Shared& shared_state() {
  static Shared s;
  return s;
}

// Loads the capture and fixtures and makes the PKI once per process.
const Shared& shared(const LatencyOptions& o) {
  Shared& x = shared_state();
  if (x.pki) return x;
  x.msgs = MarketMessages::load(o.capture);
  x.fixtures = test_support::BinanceFixtures::load(o.fixtures);
  x.pki = std::make_unique<test_support::TempPki>("latency");
  return x;
}

GeneratorConfig generator_config(const LatencyOptions& o, const Shared& s) {
  GeneratorConfig g;
  g.cert_file = s.pki->pki.leaf.cert_path;
  g.key_file = s.pki->pki.leaf.key_path;
  g.api_key = kApiKey;
  g.secret = kSecret;
  g.verify_signatures = o.verify;
  g.fixtures = s.fixtures;
  g.threshold_ticks = kThresholdTicks;
  g.cpu = o.gen_cpu;
  g.rest_cpu = o.gen_rest_cpu;
  g.spin = o.spin;
  return g;
}

std::uint32_t trigger_every_for(const LatencyOptions& o, double rate) {
  if (o.trigger_every) return o.trigger_every;
  return std::max<std::uint32_t>(10, static_cast<std::uint32_t>(rate / 500.0));
}

StreamPlan plan_for(const LatencyOptions& o, double rate) {
  StreamPlan p;
  p.rate = rate;
  p.warmup = static_cast<std::uint64_t>(rate * o.warmup);
  p.total = p.warmup + std::max<std::uint64_t>(1, static_cast<std::uint64_t>(rate * o.seconds));
  p.trigger_every = trigger_every_for(o, rate);
  p.max_ns = static_cast<std::int64_t>((o.warmup + o.seconds) * 3e9) + 5'000'000'000;
  return p;
}

// "compact:busy-spin,split" → layouts (wait defaults to `dflt`); auto resolved here.
std::vector<EngineLayout> parse_layouts(const std::string& s, WaitMode dflt) {
  std::vector<EngineLayout> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    const std::size_t colon = item.find(':');
    EngineLayout l;
    l.wait = dflt;
    if (!parse_layout(item.substr(0, colon), l.kind))
      throw std::invalid_argument("--layouts: '" + item.substr(0, colon) + "' is not compact, split, pinned or auto");
    if (colon != std::string::npos && !parse_wait_mode(item.substr(colon + 1), l.wait))
      throw std::invalid_argument("--layouts: '" + item.substr(colon + 1) +
                                  "' is not busy-spin, adaptive, yield or blocking");
    l.kind = resolve_layout(l.kind, available_cpus()).kind;
    out.push_back(l);
  }
  if (out.empty()) throw std::invalid_argument("--layouts needs at least one layout");
  return out;
}

bool wait_for(const std::function<bool()>& done, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Streams `plan`, then waits (bounded) for the orders of the last triggers. Returns the
// seconds `caught_up` (if given) took to become true after the last message was sent
// (-1: not within 30 s) — the client's backlog at the end of the run.
double stream_and_drain(LoadGenerator& gen, const StreamPlan& plan, double drain_s,
                        const std::function<void()>& on_warm, const std::function<bool()>& caught_up) {
  gen.start(plan);
  std::this_thread::sleep_for(std::chrono::duration<double>(static_cast<double>(plan.warmup) / plan.rate + 0.002));
  if (on_warm) on_warm();
  wait_for([&] { return gen.sending_done(); }, static_cast<double>(plan.max_ns) / 1e9 + 5);
  double backlog = 0;
  if (caught_up) {
    const auto t = std::chrono::steady_clock::now();
    backlog = wait_for(caught_up, 30)
                  ? std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count()
                  : -1.0;
  }
  wait_for([&] { return gen.matched() >= gen.triggers(); }, drain_s);
  return backlog;
}

}  // namespace

std::string EngineLayout::label() const { return std::string(to_string(kind)) + "/" + to_string(wait); }

bool parse_latency_options(int argc, char** argv, LatencyOptions& o, std::string& error) {
  std::string layouts;
  try {
    for (int i = 0; i < argc; ++i) {
      const std::string k = argv[i];
      const auto val = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(k + " needs a value");
        return argv[++i];
      };
      if (k == "--rates") o.rates = parse_list(val());
      else if (k == "--seconds") o.seconds = std::stod(val());
      else if (k == "--warmup") o.warmup = std::stod(val());
      else if (k == "--trigger-every") o.trigger_every = static_cast<std::uint32_t>(std::stoul(val()));
      else if (k == "--data-dir") o.data_dir = val();
      else if (k == "--capture") o.capture = val();
      else if (k == "--fixtures") o.fixtures = val();
      else if (k == "--out") o.out_dir = val();
      else if (k == "--spin") o.spin = true;
      else if (k == "--layouts") layouts = val();
      else if (k == "--no-verify") o.verify = false;
      else if (k == "--no-peer") o.peer = false;
      else if (k == "--gen-cpu") {
        const auto c = parse_list(val());
        if (c.empty() || c.size() > 2) throw std::invalid_argument("--gen-cpu wants 1 or 2 CPUs: market[,orders]");
        o.gen_cpu = static_cast<int>(c[0]);
        o.gen_rest_cpu = c.size() == 2 ? static_cast<int>(c[1]) : -1;
      }
      else if (k == "--engine-cpus") {
        const auto c = parse_list(val());
        if (c.size() != 4) throw std::invalid_argument("--engine-cpus wants 4 CPUs: ingest,decode,sequencer,egress");
        o.cpus = EngineCpus{static_cast<int>(c[0]), static_cast<int>(c[1]), static_cast<int>(c[2]), static_cast<int>(c[3])};
      } else if (k == "--floor-cpus") {
        const auto c = parse_list(val());
        if (c.size() != 2) throw std::invalid_argument("--floor-cpus wants 2 CPUs");
        o.floor_cpus[0] = static_cast<int>(c[0]);
        o.floor_cpus[1] = static_cast<int>(c[1]);
      } else if (k == "--floor-iters") o.floor_iters = std::stoi(val());
      else if (k == "--peer-cmd") o.peer_cmd = val();
      else if (k == "--peer-rates") o.peer_rates = parse_list(val());
      else if (k == "--connections") o.connections = static_cast<std::uint32_t>(std::stoul(val()));
      else throw std::invalid_argument("unknown option " + k);
    }
    const WaitMode dflt = o.spin ? WaitMode::BusySpin : WaitMode::Blocking;
    o.layouts = layouts.empty() ? std::vector<EngineLayout>{EngineLayout{LayoutKind::Pinned, dflt}}
                                : parse_layouts(layouts, dflt);
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  if (o.rates.empty() || o.seconds <= 0 || o.warmup < 0) {
    error = "need at least one rate and --seconds > 0";
    return false;
  }
  if (o.data_dir.empty()) o.data_dir = XTB_DATA_DIR;
  if (o.capture.empty()) o.capture = o.data_dir + "/binance-usdm/capture/btcusdt_20240808.gz";
  if (o.fixtures.empty()) o.fixtures = o.data_dir + "/binance-usdm/fixtures/http";
  return true;
}

RunResult run_xtb(const LatencyOptions& o, const EngineLayout& l, double rate) {
  RunResult r;
  r.client = "xtb";
  r.layout = l.label();
  r.rate = rate;
  r.trigger_every = trigger_every_for(o, rate);
  try {
    const Shared& s = shared(o);
    LoadGenerator gen(generator_config(o, s), s.msgs);
    EngineConfig ec;
    ec.ca_file = s.pki->pki.ca.cert_path;
    ec.ws_port = gen.ws_port();
    ec.rest_port = gen.rest_port();
    ec.api_key = kApiKey;
    ec.secret = kSecret;
    ec.exchange_info_body = s.fixtures.exchange_info;
    ec.threshold = kThresholdTicks;
    ec.layout = l.kind;
    ec.wait = l.wait;
    ec.cpus = o.cpus;
    ec.connections = o.connections;
    BenchEngine engine(ec);
    if (!wait_for([&] { return engine.ready() && gen.subscribed() >= 1; }, 20)) {
      r.error = "engine did not connect / get ready within 20 s";
      r.engine = engine.stop();
      r.has_engine = true;
      r.gen = gen.finish();
      return r;
    }
    const StreamPlan plan = plan_for(o, rate);
    r.backlog_s = stream_and_drain(gen, plan, 3.0, [&] { engine.set_recording(true); },
                                   [&] { return engine.ingested() >= plan.total; });
    r.engine = engine.stop();
    r.has_engine = true;
    r.gen = gen.finish();
    r.ran = true;
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

RunResult run_peer(const LatencyOptions& o, double rate) {
  RunResult r;
  r.client = "ccxt";
  r.rate = rate;
  r.trigger_every = trigger_every_for(o, rate);
  try {
    const Shared& s = shared(o);
    LoadGenerator gen(generator_config(o, s), s.msgs);
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e)  // ours replaces an inherited NODE_EXTRA_CA_CERTS
      if (std::string_view(*e).rfind("NODE_EXTRA_CA_CERTS=", 0) != 0) env_s.emplace_back(*e);
    env_s.push_back("XTB_PEER_REST=https://127.0.0.1:" + std::to_string(gen.rest_port()));
    env_s.push_back("XTB_PEER_WS=wss://127.0.0.1:" + std::to_string(gen.ws_port()) + "/ws");
    env_s.push_back("XTB_PEER_THRESHOLD=" + std::to_string(kThresholdTicks / 10));
    env_s.push_back("XTB_PEER_API_KEY=" + std::string(kApiKey));
    env_s.push_back("XTB_PEER_SECRET=" + std::string(kSecret));
    env_s.push_back("NODE_EXTRA_CA_CERTS=" + s.pki->pki.ca.cert_path);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string sh = "/bin/sh", dash_c = "-c", cmd = "exec " + o.peer_cmd;
    char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
    // Own process group: stopping the peer reaches whatever the command started.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, "/bin/sh", nullptr, &attr, argv, envp.data());
    posix_spawnattr_destroy(&attr);
    if (spawned != 0) throw std::runtime_error("posix_spawn failed");
    bool exited = false;
    const bool up = wait_for([&] {
      int st = 0;
      exited = exited || waitpid(pid, &st, WNOHANG) == pid;
      return gen.subscribed() >= 1 || exited;
    }, 90);
    if (up && gen.subscribed() >= 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the SUBSCRIBE answer land
      stream_and_drain(gen, plan_for(o, rate), 10.0, {}, {});
      r.ran = true;
    } else {
      r.error = "the peer did not subscribe within 90 s (or exited)";
    }
    kill(-pid, SIGTERM);  // the group (the leader may have exited already)
    if (!exited) {
      int st = 0;
      for (int i = 0; i < 300 && waitpid(pid, &st, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (waitpid(pid, &st, WNOHANG) == 0) {
        kill(-pid, SIGKILL);
        waitpid(pid, &st, 0);
      }
    }
    r.gen = gen.finish();
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

void remove_shared_files() { shared_state().pki.reset(); }

}  // namespace xtb::bench
