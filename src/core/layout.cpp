// layout.cpp — see layout.hpp.
#include "core/layout.hpp"

#include "core/affinity.hpp"

namespace xtb {

bool parse_layout(std::string_view s, LayoutKind& out) noexcept {
  if (s == "compact")
    out = LayoutKind::Compact;
  else if (s == "split")
    out = LayoutKind::Split;
  else if (s == "pinned")
    out = LayoutKind::Pinned;
  else if (s == "auto")
    out = LayoutKind::Auto;
  else
    return false;
  return true;
}

const char* to_string(LayoutKind k) noexcept {
  switch (k) {
    case LayoutKind::Compact: return "compact";
    case LayoutKind::Split: return "split";
    case LayoutKind::Pinned: return "pinned";
    case LayoutKind::Auto: break;
  }
  return "auto";
}

LayoutKind choose_layout(std::size_t cpus) noexcept {
  if (cpus <= 2) return LayoutKind::Compact;
  if (cpus <= 4) return LayoutKind::Split;
  return LayoutKind::Pinned;
}

std::size_t available_cpus() {
  const std::size_t n = allowed_cpus().size();
  return n == 0 ? 1 : n;
}

ResolvedLayout resolve_layout(LayoutKind k, std::size_t cpus) {
  ResolvedLayout r;
  r.kind = k == LayoutKind::Auto ? choose_layout(cpus) : k;
  r.description = std::string("layout ") + to_string(r.kind) + " (" + std::to_string(layout_threads(r.kind)) +
                  (layout_threads(r.kind) == 1 ? " hot thread" : " hot threads");
  if (k == LayoutKind::Auto)
    r.description += "; auto: " + std::to_string(cpus) + (cpus == 1 ? " CPU" : " CPUs") + " in the affinity mask";
  r.description += ")";
  return r;
}

std::size_t layout_threads(LayoutKind k) noexcept {
  switch (k) {
    case LayoutKind::Compact: return 1;
    case LayoutKind::Split: return 2;
    case LayoutKind::Pinned:
    case LayoutKind::Auto: break;
  }
  return kPipelineStages;
}

std::size_t layout_thread_of(LayoutKind k, PipelineStage s) noexcept {
  const auto i = static_cast<std::size_t>(s);
  switch (k) {
    case LayoutKind::Compact: return 0;
    case LayoutKind::Split: return i < 2 ? 0 : 1;  // ingest + decode | sequencer + egress
    case LayoutKind::Pinned:
    case LayoutKind::Auto: break;
  }
  return i;
}

PipelineStage layout_first_stage(LayoutKind k, std::size_t thread) noexcept {
  for (std::size_t i = 0; i < kPipelineStages; ++i)
    if (layout_thread_of(k, static_cast<PipelineStage>(i)) == thread) return static_cast<PipelineStage>(i);
  return PipelineStage::Ingest;
}

}  // namespace xtb
