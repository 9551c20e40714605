// book_sync_test.cpp — the documented USD-M snapshot + diff procedure on synthetic events
// (the real-capture run is in decode_capture_test.cpp).
#include <doctest/doctest.h>

#include <initializer_list>
#include <vector>

#include "market/book_sync.hpp"

using namespace xtb;

namespace {

constexpr SymbolId kSym = 5;

// One-chunk diff message U..u with previous u = pu and the given bid/ask levels.
Event diff(std::uint64_t U, std::uint64_t u, std::uint64_t pu, std::initializer_list<PriceLevel> bids,
           std::initializer_list<PriceLevel> asks = {}, std::uint8_t flags = DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk) {
  Event e{};
  e.h.type = EventType::DepthUpdate;
  e.h.symbol = kSym;
  e.h.flags = flags;
  e.depth.first_update_id = U;
  e.depth.final_update_id = u;
  e.depth.prev_final_id = pu;
  for (const PriceLevel& l : bids) e.depth.levels[e.depth.n_bids++] = l;
  for (const PriceLevel& l : asks) e.depth.levels[e.depth.n_bids + e.depth.n_asks++] = l;
  return e;
}

Event snapshot(std::uint64_t last_id, std::initializer_list<PriceLevel> bids, std::initializer_list<PriceLevel> asks) {
  Event e = diff(last_id, last_id, 0, bids, asks,
                 DepthUpdate::kSnapshot | DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk);
  return e;
}

}  // namespace

TEST_CASE("buffer, snapshot, drop u < L, first event straddles L, then pu chaining") {
  OrderBook book(kSym, 64);
  BookSync sync(book, 16);
  CHECK(sync.wants_snapshot());
  CHECK(sync.on_depth(diff(90, 95, 89, {{100, 1}})) == SyncAction::Buffered);   // u < L: stale
  CHECK(sync.on_depth(diff(96, 105, 95, {{101, 2}})) == SyncAction::Buffered);  // straddles L=100
  CHECK(sync.on_depth(diff(106, 110, 105, {}, {{103, 4}})) == SyncAction::Buffered);
  CHECK(sync.on_depth(snapshot(100, {{100, 5}, {99, 1}}, {{104, 1}})) == SyncAction::SnapshotApplied);
  CHECK(sync.state() == SyncState::Synced);
  CHECK(sync.book_valid());
  CHECK(book.last_update_id() == 110);
  CHECK(book.bids().best().px == 101);
  CHECK(book.bids().qty_at(100) == 5);  // the stale diff (qty 1) was not applied
  CHECK(book.asks().best().px == 103);
  CHECK(sync.stats().stale_dropped == 1);
  CHECK(sync.stats().messages_applied == 2);
  CHECK(sync.on_depth(diff(111, 120, 110, {{101, 0}})) == SyncAction::Applied);
  CHECK(book.bids().best().px == 100);
  CHECK(sync.stats().gaps == 0);
}

TEST_CASE("pu mismatch is a gap: resync requested, the book is invalid until a new snapshot") {
  OrderBook book(kSym, 64);
  BookSync sync(book, 16);
  sync.on_depth(snapshot(100, {{100, 1}}, {{101, 1}}));
  CHECK(sync.on_depth(diff(95, 105, 90, {{100, 2}})) == SyncAction::Applied);
  CHECK(sync.on_depth(diff(106, 110, 105, {{100, 3}})) == SyncAction::Applied);
  CHECK(sync.on_depth(diff(106, 110, 105, {{100, 9}})) == SyncAction::Stale);  // duplicate
  CHECK(book.bids().qty_at(100) == 3);
  CHECK(sync.on_depth(diff(115, 120, 114, {{100, 4}})) == SyncAction::Gap);    // 111..114 missing
  CHECK(sync.wants_snapshot());
  CHECK_FALSE(sync.book_valid());
  CHECK(sync.stats().gaps == 1);
  CHECK(sync.stats().resyncs == 1);
  CHECK(sync.on_depth(diff(121, 125, 120, {{99, 1}})) == SyncAction::Buffered);
  sync.on_depth(snapshot(118, {{100, 7}}, {{101, 1}}));
  CHECK(sync.book_valid());
  CHECK(book.last_update_id() == 125);
  CHECK(book.bids().qty_at(100) == 4);  // the gap message (U 115 <= 118 <= 120) was kept and applied
  CHECK(book.bids().qty_at(99) == 1);
}

TEST_CASE("a snapshot older than every buffered event needs another snapshot") {
  OrderBook book(kSym, 64);
  BookSync sync(book, 16);
  sync.on_depth(diff(200, 210, 199, {{100, 1}}));
  sync.on_depth(snapshot(150, {{100, 5}}, {{101, 1}}));  // 151..199 lost: U 200 > L 150
  CHECK(sync.wants_snapshot());
  CHECK(sync.stats().gaps == 1);
  sync.on_depth(snapshot(205, {{100, 6}}, {{101, 1}}));  // the buffered 200..210 now straddles
  CHECK(sync.book_valid());
  CHECK(book.bids().qty_at(100) == 1);
  CHECK(book.last_update_id() == 210);
}

TEST_CASE("multi-chunk messages are applied or skipped as a whole") {
  OrderBook book(kSym, 64);
  BookSync sync(book, 16);
  sync.on_depth(snapshot(100, {{100, 1}}, {{110, 1}}));
  CHECK(sync.on_depth(diff(90, 99, 89, {{50, 1}}, {}, DepthUpdate::kFirstChunk)) == SyncAction::Stale);
  CHECK(sync.on_depth(diff(90, 99, 89, {{51, 1}}, {}, DepthUpdate::kLastChunk)) == SyncAction::Ignored);
  CHECK(book.bids().size() == 1);
  CHECK(sync.on_depth(diff(100, 101, 99, {{60, 1}}, {}, DepthUpdate::kFirstChunk)) == SyncAction::Applied);
  CHECK_FALSE(sync.book_valid());  // mid-message
  CHECK(sync.on_depth(diff(100, 101, 99, {{61, 1}}, {}, 0)) == SyncAction::Applied);
  CHECK(sync.on_depth(diff(100, 101, 99, {{62, 1}}, {}, DepthUpdate::kLastChunk)) == SyncAction::Applied);
  CHECK(sync.book_valid());
  CHECK(book.bids().size() == 4);
}

TEST_CASE("a crossed book forces a resync; other symbols are ignored; buffer overflow is counted") {
  OrderBook book(kSym, 64);
  BookSync sync(book, 2);
  Event other = diff(1, 2, 0, {{1, 1}});
  other.h.symbol = kSym + 1;
  CHECK(sync.on_depth(other) == SyncAction::Ignored);
  sync.on_depth(diff(1, 2, 0, {}));
  sync.on_depth(diff(3, 4, 2, {}));
  sync.on_depth(diff(5, 6, 4, {}));
  CHECK(sync.stats().buffer_overflow == 1);
  sync.on_depth(snapshot(3, {{100, 1}}, {{101, 1}}));
  CHECK(sync.book_valid());
  CHECK(sync.on_depth(diff(7, 8, 6, {{102, 1}})) == SyncAction::Crossed);
  CHECK(sync.stats().crossed == 1);
  CHECK(sync.wants_snapshot());
  sync.resync();
  CHECK(sync.stats().resyncs == 2);
}
