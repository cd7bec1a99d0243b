// A generated catalogue (synthetic, for tests and benchmarks; no real songs): uniform valence and energy, and
// mood probabilities from the quadrant (Happy: pleasant and energetic, Sad: unpleasant and calm, Energetic:
// unpleasant and energetic, Calm: pleasant and calm; 0.7 for the quadrant's mood, 0.1 for the others).
#pragma once
#include <cstdint>

#include "app/catalogue.h"

namespace emorec::app {

Catalogue synthetic_catalogue(int64_t tracks, int64_t artists, uint64_t seed);

// Sets every track's standardised valence and energy from the catalogue's mean and (population) sd, and sorts
// the axes (sort_catalogue_axes).
void standardize_catalogue(Catalogue& c);

}  // namespace emorec::app
