// The graph-side preprocessing of KGCN: random split of the interactions, and fixed-size neighbour sampling
// (without replacement when an entity has at least K neighbours, with replacement otherwise).
#pragma once
#include <cstdint>
#include <vector>

#include "data/kg_types.h"

namespace emorec::data {

// Shuffles 0..n-1 and cuts it into train / eval / test: eval gets floor(n*fractions[1]) rows, test
// floor(n*fractions[2]), train the rest (KGCN's rule).
Split random_split(int64_t n, const std::vector<double>& fractions, uint64_t seed);

// Samples K neighbours for every entity of `kg`, treating each triple as an edge in both directions.
// Throws DataError if an entity has no neighbour at all (KGCN's sampler is undefined there).
NeighborTable sample_neighbors(const KnowledgeGraph& kg, int64_t k, uint64_t seed);

}  // namespace emorec::data
