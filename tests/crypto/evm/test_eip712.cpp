// test_eip712.cpp — encodeType / typeHash / hashStruct / domain separator / digest.
// Sources: EIP-712's example (https://eips.ethereum.org/EIPS/eip-712, assets/eip-712/Example.js:
// Mail/Person under domain "Ether Mail"), whose published values are the type hash, the
// domain separator, the message hash and the digest checked below; the rules of
// "Definition of encodeType"/"encodeData" for the property cases.
#include <doctest/doctest.h>

#include <string>

#include "crypto/evm/abi_word.hpp"
#include "crypto/evm/address.hpp"
#include "crypto/evm/eip712_domain.hpp"
#include "crypto/evm/eip712_encoder.hpp"
#include "crypto/evm/eip712_template.hpp"
#include "crypto/evm/keccak.hpp"
#include "evm_test_util.hpp"

namespace evm = xtb::crypto::evm;
namespace e7 = xtb::crypto::evm::eip712;
using e7::Value;
using evm::test::hex;

namespace {
Value person(const char* name, const char* wallet) {
  return Value::object({{"name", Value::atom(name)}, {"wallet", Value::atom(wallet)}});
}
Value mail() {
  return Value::object({{"from", person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")},
                        {"to", person("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")},
                        {"contents", Value::atom("Hello, Bob!")}});
}
e7::Domain ether_mail() {
  e7::Domain d{"Ether Mail", "1", 1, evm::Address{}, std::nullopt};
  REQUIRE(evm::parse_address("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC", *d.verifying_contract));
  return d;
}
evm::Bytes32 word_of(const char* type, const char* text) {
  evm::AtomicType t;
  REQUIRE(evm::parse_atomic_type(type, t));
  evm::Bytes32 w;
  REQUIRE(evm::encode_atomic(t, text, w));
  return w;
}
bool encodes(const char* type, const char* text) {
  evm::AtomicType t;
  evm::Bytes32 w;
  return evm::parse_atomic_type(type, t) && evm::encode_atomic(t, text, w);
}
}  // namespace

TEST_CASE("EIP-712 Example.js: Mail type hash, domain separator, hashStruct, digest") {
  e7::TypeSet types;
  std::string err;
  REQUIRE_MESSAGE(
      e7::TypeSet::parse("Person(string name,address wallet)Mail(Person from,Person to,string contents)", types, &err),
      err);
  std::string enc;
  REQUIRE(types.encode_type("Mail", enc));
  CHECK(enc == "Mail(Person from,Person to,string contents)Person(string name,address wallet)");
  evm::Bytes32 th;
  REQUIRE(types.type_hash("Mail", th));
  CHECK(hex(th) == "a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");
  evm::Bytes32 cow;
  REQUIRE(e7::hash_struct(types, "Person", person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), cow));
  CHECK(hex(cow) == "fc71e5fa27ff56c350aa531bc129ebdf613b772b6604664f5d8dbe21b85eb0c8");
  evm::Bytes32 msg;
  REQUIRE(e7::hash_struct(types, "Mail", mail(), msg, &err));
  CHECK(hex(msg) == "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
  const evm::Bytes32 ds = e7::domain_separator(ether_mail());
  CHECK(e7::domain_type(ether_mail()) ==
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  CHECK(hex(ds) == "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
  CHECK(hex(e7::eip712_digest(ds, msg)) == "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");

  // The same separator through the generic encoder and the EIP712Domain struct type.
  e7::TypeSet dt;
  REQUIRE(e7::TypeSet::parse(e7::domain_type(ether_mail()), dt));
  const Value dv = Value::object({{"name", Value::atom("Ether Mail")},
                                  {"version", Value::atom("1")},
                                  {"chainId", Value::atom("1")},
                                  {"verifyingContract", Value::atom("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC")}});
  evm::Bytes32 ds2;
  REQUIRE(e7::hash_struct(dt, "EIP712Domain", dv, ds2));
  CHECK(ds2 == ds);

  // The hot-path template gives the same hashStruct.
  auto tpl = e7::StructTemplate::make(types, "Mail");
  REQUIRE(tpl.has_value());
  REQUIRE(tpl->fill(types, mail()));
  CHECK(tpl->hash() == msg);
  CHECK(tpl->type_hash() == th);
}

TEST_CASE("encodeType: dependencies collected transitively, sorted by name, primary first, cycles once") {
  e7::TypeSet t;
  std::string err;
  REQUIRE_MESSAGE(e7::TypeSet::parse("Z(A a,B[] b)B(C[2] c)C(uint8 x,A y)A(bool y)", t, &err), err);
  std::string enc;
  REQUIRE(t.encode_type("Z", enc));
  CHECK(enc == "Z(A a,B[] b)A(bool y)B(C[2] c)C(uint8 x,A y)");
  REQUIRE(t.encode_type("B", enc));
  CHECK(enc == "B(C[2] c)A(bool y)C(uint8 x,A y)");
  e7::TypeSet p;
  REQUIRE(e7::TypeSet::parse("Person(string name,Person[] kids)", p));
  REQUIRE(p.encode_type("Person", enc));
  CHECK(enc == "Person(string name,Person[] kids)");
  // Round trip: parsing an encodeType string gives the same encodeType.
  e7::TypeSet back;
  REQUIRE(t.encode_type("Z", enc));
  REQUIRE(e7::TypeSet::parse(enc, back));
  std::string enc2;
  REQUIRE(back.encode_type("Z", enc2));
  CHECK(enc2 == enc);
  // Refusals.
  CHECK_FALSE(e7::TypeSet::parse("A(Missing m)", back, &err));
  CHECK_FALSE(e7::TypeSet::parse("A(uint8 x)A(uint8 y)", back, &err));
  CHECK_FALSE(e7::TypeSet::parse("A(uint8 x,)", back, &err));
  CHECK_FALSE(e7::TypeSet::parse("A(uint8  x)", back, &err));
  CHECK_FALSE(e7::TypeSet::parse("A(uint7 x)", back, &err));
  CHECK_FALSE(e7::TypeSet::parse("A(uint8[x] x)", back, &err));
  CHECK_FALSE(e7::TypeSet::parse("uint8(bool b)", back, &err));
  CHECK_FALSE(e7::TypeSet::parse("A(uint8 x", back, &err));
}

TEST_CASE("encodeData of atomic types: ranges, sign extension, padding, dynamic types") {
  CHECK(hex(word_of("uint8", "255")) == std::string(62, '0') + "ff");
  CHECK_FALSE(encodes("uint8", "256"));
  CHECK(hex(word_of("uint256", "0x030501")) == std::string(58, '0') + "030501");
  CHECK(hex(word_of("int8", "-128")) == std::string(62, 'f') + "80");
  CHECK(hex(word_of("int64", "-1")) == std::string(64, 'f'));
  CHECK_FALSE(encodes("int8", "-129"));
  CHECK_FALSE(encodes("int8", "128"));
  CHECK(encodes("int8", "127"));
  CHECK_FALSE(encodes("uint8", "-1"));
  CHECK_FALSE(encodes("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639936"));
  CHECK(encodes("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639935"));
  CHECK(hex(word_of("bytes4", "0x01020304")) == "01020304" + std::string(56, '0'));
  CHECK_FALSE(encodes("bytes4", "0x010203"));
  CHECK(word_of("bytes", "0x") == evm::keccak256(std::string_view()));
  CHECK(word_of("string", "abc") == evm::keccak256(std::string_view("abc")));
  CHECK(hex(word_of("bool", "true")) == std::string(63, '0') + "1");
  CHECK_FALSE(encodes("bool", "1"));
  CHECK_FALSE(encodes("address", "0x1234"));
  CHECK(word_of("int64", "-5") == evm::word_i64(-5));
  CHECK(word_of("uint64", "18446744073709551615") == evm::word_u64(~0ull));
}

TEST_CASE("encodeData of arrays and structs; refusals") {
  e7::TypeSet t;
  REQUIRE(e7::TypeSet::parse("L(uint64 q,bool b)O(L[] legs,uint32[2] n,string s)", t));
  const Value leg1 = Value::object({{"q", Value::atom("7")}, {"b", Value::atom("true")}});
  const Value leg2 = Value::object({{"q", Value::atom("9")}, {"b", Value::atom("false")}});
  Value o = Value::object({{"legs", Value::array({leg1, leg2})},
                           {"n", Value::array({Value::atom("1"), Value::atom("2")})},
                           {"s", Value::atom("x")}});
  evm::Bytes32 h;
  REQUIRE(e7::hash_struct(t, "O", o, h));
  // By hand: array words are keccak of the element encodings concatenated.
  evm::Bytes32 h1, h2, th;
  REQUIRE(e7::hash_struct(t, "L", leg1, h1));
  REQUIRE(e7::hash_struct(t, "L", leg2, h2));
  REQUIRE(t.type_hash("O", th));
  auto tpl = e7::StructTemplate::make(t, "O");
  REQUIRE(tpl.has_value());
  const evm::Bytes32 legs[] = {h1, h2};
  const evm::Bytes32 ns[] = {evm::word_u64(1), evm::word_u64(2)};
  tpl->set(0, e7::array_hash(legs));
  tpl->set(1, e7::array_hash(ns));
  tpl->set(2, evm::keccak256(std::string_view("x")));
  CHECK(tpl->hash() == h);
  CHECK(*tpl->index_of("s") == 2);
  CHECK_FALSE(tpl->index_of("zz").has_value());

  std::string err;
  Value short_n = o;
  short_n.set("n", Value::array({Value::atom("1")}));
  CHECK_FALSE(e7::hash_struct(t, "O", short_n, h, &err));
  Value no_s = Value::object({{"legs", Value::array({})}, {"n", o.children[1]}});
  CHECK_FALSE(e7::hash_struct(t, "O", no_s, h, &err));
  CHECK(err.find("missing member") != std::string::npos);
  CHECK_FALSE(e7::hash_struct(t, "Nope", o, h, &err));
  // Deep recursion is refused, not a stack overflow.
  e7::TypeSet r;
  REQUIRE(e7::TypeSet::parse("T(T[] k)", r));
  Value deep = Value::object({{"k", Value::array({})}});
  for (int i = 0; i < 40; ++i) deep = Value::object({{"k", Value::array({deep})}});
  CHECK_FALSE(e7::hash_struct(r, "T", deep, h, &err));
  CHECK(err.find("too deep") != std::string::npos);
}
