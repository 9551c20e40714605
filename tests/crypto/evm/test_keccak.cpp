// test_keccak.cpp — Keccak-256 (Crypto++) against published answers.
// Sources: the Keccak-256 (original padding) answers for "", "abc", the 448- and 896-bit
// NIST-style messages as listed in trezor/trezor-firmware
// core/tests/test_trezor.crypto.hashlib.sha3_256.py (`vectors_keccak`); 1,000,000 × 'a'
// from the test data of CPAN Digest::SHA3 (pre-FIPS 202 releases, i.e. Keccak). The
// ERC-20 Transfer topic is the keccak of its event signature (Ethereum's ABI spec example).
#include <doctest/doctest.h>

#include <string>

#include "crypto/evm/keccak.hpp"
#include "evm_test_util.hpp"

namespace evm = xtb::crypto::evm;
using evm::test::hex;

TEST_CASE("Keccak-256 published vectors (one-shot and incremental)") {
  struct V {
    std::string in;
    const char* out;
  };
  const V vectors[] = {
      {"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
      {"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "45d3b367a6904e6e8d502ee04999a7c27647f91fa845d456525fd352ae3d7371"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrst"
       "u",
       "f519747ed599024f3882238e5ab43960132572b7345fbeb9a90769dafd21ad67"},
      {std::string(1000000, 'a'), "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96"},
      {"Transfer(address,address,uint256)", "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"},
  };
  evm::Keccak256 h;
  for (const auto& v : vectors) {
    CAPTURE(v.in.size());
    CHECK(hex(evm::keccak256(v.in)) == v.out);
    // Incremental, in uneven pieces, on one reused hasher (finish() restarts it).
    const auto* p = reinterpret_cast<const std::uint8_t*>(v.in.data());
    std::size_t off = 0, step = 1;
    while (off < v.in.size()) {
      const std::size_t n = std::min(step, v.in.size() - off);
      h.update(std::span(p + off, n));
      off += n;
      step = step * 3 + 1;
    }
    CHECK(hex(h.finish()) == v.out);
  }
}

TEST_CASE("Keccak-256 is not SHA3-256 (padding 0x01, not 0x06)") {
  // SHA3-256("") = a7ffc6f8…434a (FIPS 202); Keccak-256("") must differ.
  CHECK(hex(evm::keccak256(std::string_view())) != "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}
