// decimal_test.cpp — fixed-point parsing/formatting (market/decimal.hpp).
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>

#include "market/decimal.hpp"

using namespace xtb;

namespace {
DecimalError parse(std::string_view s, DecimalScale sc, std::int64_t& v, Rounding m = Rounding::Exact) {
  return parse_decimal(s, sc, m, v);
}
std::string fmt(std::int64_t v, DecimalScale sc) {
  char buf[kMaxFormattedDecimal];
  return std::string(buf, format_decimal(v, sc, buf, sizeof buf));
}
}  // namespace

TEST_CASE("parse_decimal: prices onto the tick grid") {
  std::int64_t v = 0;
  CHECK(parse("61800.20", {1, 1}, v) == DecimalError::Ok);  // tick 0.10 normalises to {1,1}
  CHECK(v == 618002);
  CHECK(parse("61800.2", {1, 1}, v) == DecimalError::Ok);
  CHECK(v == 618002);
  CHECK(parse("61800", {1, 1}, v) == DecimalError::Ok);
  CHECK(v == 618000);
  CHECK(parse("25.35190000", {1, 4}, v) == DecimalError::Ok);  // trailing zeros beyond the grid
  CHECK(v == 253519);
  CHECK(parse("0.001", {1, 3}, v) == DecimalError::Ok);
  CHECK(v == 1);
  CHECK(parse("-10.000", {1, 3}, v) == DecimalError::Ok);
  CHECK(v == -10000);
  CHECK(parse("-0", {1, 3}, v) == DecimalError::Ok);
  CHECK(v == 0);
  CHECK(parse("007.50", {5, 1}, v) == DecimalError::Ok);  // tick 0.5
  CHECK(v == 15);
}

TEST_CASE("parse_decimal: errors are typed and leave the output untouched") {
  std::int64_t v = 42;
  CHECK(parse("61800.25", {1, 1}, v) == DecimalError::TooPrecise);
  CHECK(parse("7.3", {5, 1}, v) == DecimalError::OffGrid);
  CHECK(parse("", {1, 1}, v) == DecimalError::Empty);
  CHECK(parse("-", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse("1.", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse(".5", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse("1e5", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse("+1", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse(" 1", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse("1.2.3", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse("12a", {1, 1}, v) == DecimalError::Malformed);
  CHECK(parse("99999999999999999999", {1, 0}, v) == DecimalError::Overflow);
  CHECK(parse("92233720368.54775808", {1, 8}, v) == DecimalError::Overflow);  // INT64_MAX + 1 units
  CHECK(parse("1", {0, 1}, v) == DecimalError::BadScale);
  CHECK(v == 42);
  CHECK(parse("92233720368.54775807", {1, 8}, v) == DecimalError::Ok);
  CHECK(v == INT64_MAX);
  CHECK(parse("-92233720368.54775807", {1, 8}, v) == DecimalError::Ok);
  CHECK(v == -INT64_MAX);
}

TEST_CASE("parse_decimal: Nearest rounds half away from zero") {
  std::int64_t v = 0;
  CHECK(parse("11784.62659091", {1, 1}, v, Rounding::Nearest) == DecimalError::Ok);
  CHECK(v == 117846);
  CHECK(parse("11784.65", {1, 1}, v, Rounding::Nearest) == DecimalError::Ok);
  CHECK(v == 117847);
  CHECK(parse("-11784.65", {1, 1}, v, Rounding::Nearest) == DecimalError::Ok);
  CHECK(v == -117847);
  CHECK(parse("0.25", {5, 1}, v, Rounding::Nearest) == DecimalError::Ok);  // 0.5 grid: 0.25 → 0.5
  CHECK(v == 1);
  CHECK(parse("0.24", {5, 1}, v, Rounding::Nearest) == DecimalError::Ok);
  CHECK(v == 0);
  CHECK(parse("0.1234", {1, 2}, v, Rounding::Nearest) == DecimalError::Ok);
  CHECK(v == 12);
}

TEST_CASE("parse_scale derives the grid of tickSize/stepSize strings") {
  DecimalScale s;
  CHECK(parse_scale("0.10", s) == DecimalError::Ok);
  CHECK(s == DecimalScale{1, 1});
  CHECK(parse_scale("0.5", s) == DecimalError::Ok);
  CHECK(s == DecimalScale{5, 1});
  CHECK(parse_scale("10", s) == DecimalError::Ok);
  CHECK(s == DecimalScale{10, 0});
  CHECK(parse_scale("0.00000100", s) == DecimalError::Ok);
  CHECK(s == DecimalScale{1, 6});
  CHECK(parse_scale("0.0010", s) == DecimalError::Ok);
  CHECK(s == DecimalScale{1, 3});
  CHECK(parse_scale("1", s) == DecimalError::Ok);
  CHECK(s == DecimalScale{1, 0});
  CHECK(parse_scale("0", s) == DecimalError::BadScale);
  CHECK(parse_scale("0.000", s) == DecimalError::BadScale);
  CHECK(parse_scale("-0.1", s) == DecimalError::BadScale);
  CHECK(parse_scale("abc", s) == DecimalError::Malformed);
}

TEST_CASE("format_decimal writes exactly the grid's decimals") {
  CHECK(fmt(618002, {1, 1}) == "61800.2");
  CHECK(fmt(15, {5, 1}) == "7.5");
  CHECK(fmt(-5, {5, 1}) == "-2.5");
  CHECK(fmt(1, {1, 3}) == "0.001");
  CHECK(fmt(0, {1, 3}) == "0.000");
  CHECK(fmt(12, {10, 0}) == "120");
  CHECK(fmt(INT64_MIN, {1, 8}) == "-92233720368.54775808");
  char small[4];
  CHECK(format_decimal(618002, {1, 1}, small, sizeof small) == 0);  // too short: nothing usable
  CHECK(format_decimal(INT64_MAX, {2, 0}, small, sizeof small) == 0);  // value × units overflows
}

TEST_CASE("format → parse round-trips on random values and grids") {
  std::mt19937_64 rng(12345);
  const DecimalScale grids[] = {{1, 0}, {1, 1}, {5, 1}, {25, 2}, {1, 3}, {1, 8}, {10, 0}, {1, 12}};
  for (int i = 0; i < 20000; ++i) {
    const DecimalScale g = grids[rng() % std::size(grids)];
    const std::int64_t v = static_cast<std::int64_t>(rng() % 2'000'000'000'000ull) - 1'000'000'000'000;
    std::int64_t back = 0;
    const std::string s = fmt(v, g);
    REQUIRE_MESSAGE(parse(s, g, back) == DecimalError::Ok, s);
    CHECK(back == v);
  }
}

TEST_CASE("rescale_decimal converts between grids") {
  std::int64_t out = 0;
  CHECK(rescale_decimal(618002, {1, 1}, kAmountDecimalScale, out));
  CHECK(out == 6'180'020'000'000);
  CHECK(rescale_decimal(6'180'020'000'000, kAmountDecimalScale, {1, 1}, out));
  CHECK(out == 618002);
  CHECK(rescale_decimal(3, {1, 1}, {5, 1}, out));  // 0.3 on a 0.5 grid → 0.5
  CHECK(out == 1);
  CHECK_FALSE(rescale_decimal(INT64_MAX, {1, 0}, {1, 18}, out));
}
