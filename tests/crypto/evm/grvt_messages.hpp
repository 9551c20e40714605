// grvt_messages.hpp — test-side mapping of grvt-pysdk's SDK objects (as transcribed in
// ../shared/data/grvt/grvt_pysdk_signing_vectors.json) to EIP-712 messages, following
// grvt-pysdk @bb77839e src/pysdk/grvt_raw_signing.py (build_EIP712_order_message_data,
// build_EIP712_transfer_message_data) and ../shared/reviews/venues-protocols.md §3:
// sizes ×10^9 and prices ×10^9 truncated, builder fee ×10^4, USDT amounts ×10^6,
// BTC_USDT_Perp → asset 0x030501, TIF GTT 1 / AON 2 / IOC 3 / FOK 4, USDT → currency 3.
// The GRVT venue will own this mapping; here it only feeds the kit's vector tests.
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <string>

#include "crypto/evm/eip712_value.hpp"

namespace xtb::crypto::evm::test {

inline constexpr const char* kGrvtLegType =
    "OrderLeg(uint256 assetID,uint64 contractSize,uint64 limitPrice,bool isBuyingContract)";
inline constexpr const char* kGrvtOrderType =
    "Order(uint64 subAccountID,bool isMarket,uint8 timeInForce,bool postOnly,bool reduceOnly,OrderLeg[] legs,"
    "uint32 nonce,int64 expiration)";
inline constexpr const char* kGrvtOrderFeeType =
    "OrderWithBuilderFee(uint64 subAccountID,bool isMarket,uint8 timeInForce,bool postOnly,bool reduceOnly,"
    "OrderLeg[] legs,address builder,uint32 builderFee,uint32 nonce,int64 expiration)";
inline constexpr const char* kGrvtTransferType =
    "Transfer(address fromAccount,uint64 fromSubAccount,address toAccount,uint64 toSubAccount,uint8 tokenCurrency,"
    "uint64 numTokens,uint32 nonce,int64 expiration)";
inline constexpr std::uint64_t kGrvtTestnetChainId = 326;

struct GrvtMessage {
  std::string primary;  // "Order", "OrderWithBuilderFee" or "Transfer"
  std::string types;    // encodeType-form definitions for TypeSet::parse
  eip712::Value message;
};

/// An SDK Order; `builder_fee` ("" = none) overrides the order's own builder_fee.
GrvtMessage grvt_order(simdjson::dom::element order, const std::string& builder_fee = "");
GrvtMessage grvt_transfer(simdjson::dom::element transfer);

}  // namespace xtb::crypto::evm::test
