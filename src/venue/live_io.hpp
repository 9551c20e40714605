// live_io.hpp — LiveVenueStages<Ingest, Decode, Egress>: the part of a LiveVenue
// (venue/live_venue.hpp) that only forwards to its three I/O stages — an ingest stage, a
// decode stage (pipeline/decode/) and an egress stage with the members every venue's
// stages have (net/client/io_stage_control.hpp: set_alloc_guard, request_stop, finished,
// error; stats().links / messages / sent / ...). One copy for every venue: a venue's live
// side derives from it, builds the three stages into ingest_ / decode_ / egress_ in
// build(), calls attach_doorbells(rings), and calls destroy_stages() first thing in its
// destructor (the stages refer to the venue's own members — encoders, decoders, signal
// rings — which a derived class destroys before this base).
// Threads: as the LiveVenue member that calls it (main thread; numbers() from any).
#pragma once
#include <memory>
#include <string>

#include "venue/live_venue.hpp"

namespace xtb {

template <class Ingest, class Decode, class Egress>
class LiveVenueStages : public LiveVenue {
 public:
  StageHandle ingest() override { return StageHandle::of(*ingest_); }
  StageHandle decode() override { return StageHandle::of(*decode_); }
  StageHandle egress() override { return StageHandle::of(*egress_); }

  void set_io_alloc_guard(bool armed) noexcept override {
    ingest_->set_alloc_guard(armed);
    egress_->set_alloc_guard(armed);
  }
  void request_io_stop() noexcept override {
    ingest_->request_stop();
    egress_->request_stop();
  }
  bool io_finished() const noexcept override { return ingest_->finished() && egress_->finished(); }
  /// Which stage stopped and why ("" while both run).
  std::string io_failure() const override {
    if (ingest_->finished()) return "ingest stopped: " + ingest_->error();  // error() says why
    if (egress_->finished()) return "egress stopped: " + egress_->error();
    return {};
  }
  const live::LinkHealth& stream_links() const noexcept override { return ingest_->stats().links; }
  const live::LinkHealth& order_links() const noexcept override { return egress_->stats().links; }

  LiveIoNumbers numbers() const noexcept override {
    LiveIoNumbers n;
    n.ingest_messages = ingest_->stats().messages.get();
    n.egress_sent = egress_->stats().sent.get();
    n.egress_responses = egress_->stats().responses.get();
    n.transport_errors = egress_->stats().transport_errors.get();
    n.local_rejects = egress_->stats().local_rejects.get();
    n.decode_frames = decode_->frames();
    n.decode_responses = decode_->responses();
    n.decode_conn_states = decode_->conn_states();
    n.decode_backpressure = decode_->backpressure();
    return n;
  }

 protected:
  using IngestStageT = Ingest;
  using DecodeStageT = Decode;
  using EgressStageT = Egress;

  /// Decode wakes on market frames and on answers, egress on commands.
  void attach_doorbells(const LiveRings& rings) noexcept {
    rings.market.attach_doorbell(decode_->doorbell());
    rings.answers.attach_doorbell(decode_->doorbell());
    rings.commands.attach_doorbell(egress_->doorbell());
  }
  /// Decode first (it reads both other stages), then egress and ingest.
  void destroy_stages() noexcept {
    decode_.reset();
    egress_.reset();
    ingest_.reset();
  }

  std::unique_ptr<Ingest> ingest_;
  std::unique_ptr<Egress> egress_;
  std::unique_ptr<Decode> decode_;
};

}  // namespace xtb
