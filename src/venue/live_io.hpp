// live_io.hpp — the part of a LiveVenue (venue/live_venue.hpp) that only forwards to its
// three I/O stages: an ingest stage, a decode stage (pipeline/decode/) and an egress stage
// with the members every venue's stages have (set_alloc_guard, request_stop, finished,
// error, stats()). One copy for every venue. Threads: as the LiveVenue member that calls it.
#pragma once
#include <string>

#include "venue/live_venue.hpp"

namespace xtb {

template <class Ingest, class Egress>
void live_io_alloc_guard(Ingest& ingest, Egress& egress, bool armed) noexcept {
  ingest.set_alloc_guard(armed);
  egress.set_alloc_guard(armed);
}

template <class Ingest, class Egress>
void live_io_stop(Ingest& ingest, Egress& egress) noexcept {
  ingest.request_stop();
  egress.request_stop();
}

/// Which stage stopped and why ("" while both run).
template <class Ingest, class Egress>
std::string live_io_failure(const Ingest& ingest, const Egress& egress) {
  if (ingest.finished()) return "ingest stopped: " + ingest.error();  // error() says why
  if (egress.finished()) return "egress stopped: " + egress.error();
  return {};
}

template <class Ingest, class Decode, class Egress>
LiveIoNumbers live_io_numbers(const Ingest& ingest, const Decode& decode, const Egress& egress) noexcept {
  LiveIoNumbers n;
  n.ingest_messages = ingest.stats().messages.get();
  n.egress_sent = egress.stats().sent.get();
  n.egress_responses = egress.stats().responses.get();
  n.transport_errors = egress.stats().transport_errors.get();
  n.local_rejects = egress.stats().local_rejects.get();
  n.decode_frames = decode.frames();
  n.decode_responses = decode.responses();
  n.decode_conn_states = decode.conn_states();
  n.decode_backpressure = decode.backpressure();
  return n;
}

}  // namespace xtb
