// Ranking the catalogue for a listener's emotion: the emotion probabilities give a point in the affect space
// (their probability-weighted mean, so an uncertain face gives a cautious target); the policy turns it into
// targets; each target is placed in the catalogue's standardised valence-energy plane by quantiles (a target
// valence of 0.9 is the catalogue's 90th valence percentile); tracks are scored by their distance to the target
// and the classifier's probability of the target's moods (and, for a known listener, their personal score:
// app/personal_scores.h), then chosen by maximal marginal relevance under a per-artist cap. Every row keeps the
// parts of its score.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "app/catalogue.h"

namespace emorec::app {

// The probability-weighted point of the 7 FER emotions (probabilities summing to 1, FER order).
Affect emotion_point(const AppConfig& config, const std::array<double, 7>& probabilities);

struct ScorePart {
  std::string name;     // distance, mood, personal (with a listener's scores), diversity
  double value = 0;     // the signal itself; NaN for a personal score the track does not have
  double contribution;  // what it adds to the score
};

struct Recommendation {
  int64_t rank = 0;
  size_t track = 0;  // index into the catalogue's tracks
  int target = 0;    // which target chose it (0 unless the policy gives several)
  double score = 0;  // relevance: the sum of the distance, mood and personal parts
  std::vector<ScorePart> parts;
};

struct RecommendResult {
  Affect listener;
  std::vector<Affect> targets;                     // in the affect space
  std::vector<std::pair<double, double>> planted;  // the targets in standardised (valence, energy)
  std::vector<std::vector<double>> target_moods;   // per target: the weight of each mood
  std::vector<Recommendation> items;
};

// `personal`: null, or per catalogue track the listener's probability of liking it (NaN: none); its part is
// ranking.personal_weight * (p - 0.5), 0 for a track without one, so that only the tracks with a personal score
// move from where the anonymous ranking puts them.
RecommendResult recommend(const Catalogue& catalogue, const AppConfig& config,
                          const std::array<double, 7>& probabilities, int64_t k,
                          const std::vector<double>* personal = nullptr);

}  // namespace emorec::app
