#include "app/synthetic_catalogue.h"

#include <cmath>
#include <string>

#include "core/rng.h"

namespace emorec::app {

Catalogue synthetic_catalogue(int64_t tracks, int64_t artists, uint64_t seed) {
  Catalogue c;
  c.key = "synthetic";
  c.moods = {"Happy", "Sad", "Energetic", "Calm"};
  Rng rng(seed);
  for (int64_t i = 0; i < tracks; ++i) {
    CatalogueTrack t;
    t.title = "synthetic track " + std::to_string(i);
    t.artist = "synthetic artist " + std::to_string(i % artists);
    t.uri = "synthetic:" + std::to_string(i);
    t.valence = uniform01(rng), t.energy = uniform01(rng);
    const int mood = t.valence >= 0.5 ? (t.energy >= 0.5 ? 0 : 3) : (t.energy >= 0.5 ? 2 : 1);
    t.mood_probs.assign(4, 0.1);
    t.mood_probs[static_cast<size_t>(mood)] = 0.7;
    t.mood = mood;
    c.tracks.push_back(std::move(t));
  }
  standardize_catalogue(c);
  return c;
}

void standardize_catalogue(Catalogue& c) {
  sort_catalogue_axes(c);
  if (c.tracks.empty()) return;
  const auto n = static_cast<double>(c.tracks.size());
  double sv = 0, se = 0;
  for (const auto& t : c.tracks) sv += t.valence, se += t.energy;
  c.valence_mean = sv / n, c.energy_mean = se / n;
  double vv = 0, ve = 0;
  for (const auto& t : c.tracks) {
    vv += (t.valence - c.valence_mean) * (t.valence - c.valence_mean);
    ve += (t.energy - c.energy_mean) * (t.energy - c.energy_mean);
  }
  c.valence_sd = vv > 0 ? std::sqrt(vv / n) : 1.0, c.energy_sd = ve > 0 ? std::sqrt(ve / n) : 1.0;
  for (auto& t : c.tracks) {
    t.valence_z = (t.valence - c.valence_mean) / c.valence_sd;
    t.energy_z = (t.energy - c.energy_mean) / c.energy_sd;
  }
}

}  // namespace emorec::app
