// Seeding: every random stream of a run derives from the config's one seed and a stream name, so streams
// are independent of each other and of the order in which they are used.
#pragma once
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace emorec {

// A 64-bit seed for stream `stream` of run seed `seed` (splitmix64 over seed and an FNV-1a hash of the name).
uint64_t derive_seed(uint64_t seed, std::string_view stream, uint64_t index = 0);

using Rng = std::mt19937_64;

// Uniform integer in [0, n) without the implementation-defined std::uniform_int_distribution, so the
// draws are the same with every standard library.
uint64_t uniform_below(Rng& rng, uint64_t n);

// Uniform double in [0, 1) from the top 53 bits of one draw (the same with every standard library).
double uniform01(Rng& rng);
// Uniform double in [lo, hi).
inline double uniform(Rng& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

// In-place Fisher-Yates shuffle with uniform_below.
template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(uniform_below(rng, i));
    std::swap(v[i - 1], v[j]);
  }
}

}  // namespace emorec
