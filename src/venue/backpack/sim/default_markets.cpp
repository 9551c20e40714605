// default_markets.cpp — see default_markets.hpp.
#include "venue/backpack/sim/default_markets.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace xtb::sim::backpack_sim {
namespace {

constexpr std::string_view kDefault =
    R"([{"baseSymbol":"BTC","createdAt":"2025-01-21T06:34:54.691858",)"
    R"("filters":{"price":{"borrowEntryFeeMaxMultiplier":null,"borrowEntryFeeMinMultiplier":null,)"
    R"("maxImpactMultiplier":"1.01","maxMultiplier":"2","maxPrice":null,)"
    R"("meanMarkPriceBand":{"maxMultiplier":"1.1","minMultiplier":"0.9"},"meanPremiumBand":{"tolerancePct":"0.05"},)"
    R"("minImpactMultiplier":"0.99","minMultiplier":"0.25","minPrice":"0.1","tickSize":"0.1"},)"
    R"("quantity":{"maxQuantity":null,"minQuantity":"0.00001","stepSize":"0.00001"}},)"
    R"("fundingInterval":3600000,"fundingRateLowerBound":"-100","fundingRateUpperBound":"100",)"
    R"("imfFunction":{"base":"0.02","factor":"0.00006","type":"sqrt"},"marketType":"PERP",)"
    R"("mmfFunction":{"base":"0.0135","factor":"0.000036","type":"sqrt"},"openInterestLimit":"4000000",)"
    R"("orderBookState":"Open","positionLimitWeight":"1","quoteSymbol":"USDC","symbol":"BTC_USDC_PERP","visible":true}])";

}  // namespace

std::string_view default_markets_json() noexcept { return kDefault; }

std::string load_markets_json(const std::string& path) {
  if (path.empty()) return std::string(kDefault);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open markets file '" + path + "': " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (text[first] != '[' && text[first] != '{'))
    throw std::runtime_error("markets file '" + path + "' is not a JSON array or object (GET /api/v1/markets)");
  if (text[first] == '{') text = "[" + text + "]";
  return text;
}

}  // namespace xtb::sim::backpack_sim
