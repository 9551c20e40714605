// encode_decimal_test.cpp — ticks/steps → decimal text, and the bounded ParamWriter.
#include <doctest/doctest.h>

#include <string>

#include "venue/binance/encode_decimal.hpp"
#include "venue/binance/encode_writer.hpp"

using namespace xtb;
using namespace xtb::binance;

namespace {
std::string fmt(std::int64_t count, DecimalScale s) {
  char buf[kMaxDecimalChars];
  const std::size_t n = format_scaled(count, s, buf, sizeof buf);
  return std::string(buf, n);
}
}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("format_scaled writes exact, trimmed decimals") {
  CHECK(fmt(90000, {1, 1}) == "9000");        // tickSize 0.10
  CHECK(fmt(618002, {1, 1}) == "61800.2");
  CHECK(fmt(12345, {1, 3}) == "12.345");      // stepSize 0.001
  CHECK(fmt(5, {1, 3}) == "0.005");
  CHECK(fmt(10, {1, 3}) == "0.01");
  CHECK(fmt(1000, {1, 3}) == "1");
  CHECK(fmt(5, {5, 1}) == "2.5");             // tickSize 0.5
  CHECK(fmt(3, {10, 0}) == "30");             // tickSize 10
  CHECK(fmt(0, {1, 2}) == "0");
  CHECK(fmt(-3, {1, 2}) == "-0.03");
  CHECK(fmt(1, {1, 8}) == "0.00000001");
  CHECK(fmt(123456789, {1, 8}) == "1.23456789");
  CHECK(fmt(INT64_MAX, {1, 18}) == "9.223372036854775807");
  CHECK(fmt(INT64_MIN, {1, 0}) == "-9223372036854775808");
}

TEST_CASE("format_scaled reports overflow, bad scales and short buffers with 0") {
  char buf[kMaxDecimalChars];
  CHECK(format_scaled(INT64_MAX, {2, 0}, buf, sizeof buf) == 0);  // count × units overflows
  CHECK(format_scaled(1, {0, 0}, buf, sizeof buf) == 0);
  CHECK(format_scaled(1, {1, 19}, buf, sizeof buf) == 0);
  CHECK(format_scaled(618002, {1, 1}, buf, 6) == 0);             // needs 7
  CHECK(format_scaled(618002, {1, 1}, buf, 7) == 7);
}

TEST_CASE("ParamWriter joins pairs and never writes past its capacity") {
  char big[64];
  ParamWriter w(big, sizeof big);
  w.key("symbol");
  w.put("BTCUSDT");
  w.key("n");
  w.put_int(-42);
  w.key("id");
  w.put_uint(18446744073709551615ull);
  CHECK_FALSE(w.overflowed());
  CHECK(w.view() == "symbol=BTCUSDT&n=-42&id=18446744073709551615");

  char small[32];
  ParamWriter s(small, sizeof small);
  s.key("symbol");
  s.put("BTCUSDT");
  s.key("n");
  s.put_int(-42);
  s.key("id");
  s.put_uint(18446744073709551615ull);  // 20 digits do not fit in the 8 bytes left
  CHECK(s.overflowed());
  CHECK(s.view() == "symbol=BTCUSDT&n=-42&id=");  // nothing partial was written
  CHECK(s.size() <= sizeof small);
}

TEST_CASE("ParamWriter percent-encoding follows RFC 3986 unreserved set") {
  char buf[128];
  ParamWriter w(buf, sizeof buf);
  w.put_pct(R"([{"a":"b-c.d_e~f"},] %&=+/)");
  CHECK_FALSE(w.overflowed());
  CHECK(w.view() == "%5B%7B%22a%22%3A%22b-c.d_e~f%22%7D%2C%5D%20%25%26%3D%2B%2F");
  char small[4];
  ParamWriter s(small, sizeof small);
  s.put_pct("ab{");  // 'a','b' fit, "%7B" does not
  CHECK(s.overflowed());
  CHECK(s.size() <= sizeof small);
}

}  // TEST_SUITE
