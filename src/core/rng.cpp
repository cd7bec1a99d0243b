// Seed derivation and unbiased bounded draws.
#include "core/rng.h"

namespace emorec {
namespace {
uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
}  // namespace

uint64_t derive_seed(uint64_t seed, std::string_view stream, uint64_t index) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : stream) h = (h ^ c) * 0x100000001B3ull;
  return splitmix64(splitmix64(seed ^ h) + index);
}

uint64_t uniform_below(Rng& rng, uint64_t n) {
  // Rejection sampling removes the modulo bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do {
    x = rng();
  } while (x >= limit);
  return x % n;
}

double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace emorec
