// grvt_messages.cpp — see grvt_messages.hpp.
#include "grvt_messages.hpp"

#include <stdexcept>

#include "evm_test_util.hpp"

namespace xtb::crypto::evm::test {
namespace {

using eip712::Value;

std::string flag(simdjson::dom::element obj, std::string_view key) {
  bool b = false;
  if (obj[key].get(b) != simdjson::SUCCESS) b = false;  // absent → SDK default False
  return b ? "true" : "false";
}

std::string tif_code(const std::string& tif) {
  if (tif == "TimeInForce.GOOD_TILL_TIME") return "1";
  if (tif == "TimeInForce.ALL_OR_NONE") return "2";
  if (tif == "TimeInForce.IMMEDIATE_OR_CANCEL") return "3";
  if (tif == "TimeInForce.FILL_OR_KILL") return "4";
  throw std::runtime_error("unknown time in force " + tif);
}

Value leg_value(simdjson::dom::element leg) {
  if (str(leg, "instrument") != "BTC_USDT_Perp") throw std::runtime_error("instrument not in the vector set");
  return Value::object({{"assetID", Value::atom("0x030501")},
                        {"contractSize", Value::atom(std::to_string(scale_decimal(str(leg, "size"), 9)))},
                        {"limitPrice", Value::atom(std::to_string(scale_decimal(str(leg, "limit_price"), 9)))},
                        {"isBuyingContract", Value::atom(flag(leg, "is_buying_asset"))}});
}

}  // namespace

GrvtMessage grvt_order(simdjson::dom::element order, const std::string& builder_fee) {
  Value legs;
  for (auto leg : simdjson::dom::array(order["legs"])) legs.children.push_back(leg_value(leg));
  const simdjson::dom::element sig = order["signature"];
  Value m = Value::object({{"subAccountID", Value::atom(str(order, "sub_account_id"))},
                           {"isMarket", Value::atom(flag(order, "is_market"))},
                           {"timeInForce", Value::atom(tif_code(str(order, "time_in_force")))},
                           {"postOnly", Value::atom(flag(order, "post_only"))},
                           {"reduceOnly", Value::atom(flag(order, "reduce_only"))},
                           {"legs", legs},
                           {"nonce", Value::atom(scalar_text(sig["nonce"]))},
                           {"expiration", Value::atom(scalar_text(sig["expiration"]))}});
  const std::string fee = builder_fee.empty() ? str(order, "builder_fee") : builder_fee;
  if (fee.empty()) return {"Order", std::string(kGrvtOrderType) + kGrvtLegType, m};
  m.set("builder", Value::atom(str(order, "builder")));
  m.set("builderFee", Value::atom(std::to_string(scale_decimal(fee, 4))));
  return {"OrderWithBuilderFee", std::string(kGrvtOrderFeeType) + kGrvtLegType, m};
}

GrvtMessage grvt_transfer(simdjson::dom::element t) {
  if (str(t, "currency") != "USDT") throw std::runtime_error("currency not in the vector set");
  const simdjson::dom::element sig = t["signature"];
  Value m = Value::object({{"fromAccount", Value::atom(str(t, "from_account_id"))},
                           {"fromSubAccount", Value::atom(str(t, "from_sub_account_id"))},
                           {"toAccount", Value::atom(str(t, "to_account_id"))},
                           {"toSubAccount", Value::atom(str(t, "to_sub_account_id"))},
                           {"tokenCurrency", Value::atom("3")},
                           {"numTokens", Value::atom(std::to_string(scale_decimal(str(t, "num_tokens"), 6)))},
                           {"nonce", Value::atom(scalar_text(sig["nonce"]))},
                           {"expiration", Value::atom(scalar_text(sig["expiration"]))}});
  return {"Transfer", kGrvtTransferType, m};
}

}  // namespace xtb::crypto::evm::test
