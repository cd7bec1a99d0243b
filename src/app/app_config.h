// The recommender's configuration (configs/app/*.yaml), read by the experiment configs' strict reader: where
// the 7 FER emotions sit in valence-arousal space, the policy that turns the emotion into targets (a
// registered component with its own keys: app/policies.h), and the ranking's weights, artist cap and
// diversity. docs/APP.md explains the space and the scoring.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "config/component.h"
#include "config/visitor.h"

namespace emorec::app {

// A point of the affect space: valence (unpleasant .. pleasant) and arousal (calm .. excited), both in [0, 1].
struct Affect {
  double valence = 0.5, arousal = 0.5;
  // `required`: the keys must be given (an emotion's coordinates), or keep their defaults (a policy's goal).
  void visit(config::ConfigVisitor& v, bool required = true);
};

struct PolicyConfig {
  std::string name = "match";
  config::ComponentOptions options;
  void visit(config::ConfigVisitor& v);
};

struct RankingConfig {
  double distance_weight = 1.0;  // on minus the distance to the target (standardised valence and energy)
  double mood_weight = 0.5;      // on the classifier's probability of the moods nearest the target
  double personal_weight = 1.0;  // on a known listener's probability of liking the artist, minus 0.5
  int64_t artist_cap = 2;        // tracks per artist at most
  double mmr_lambda = 0.8;       // 1: relevance only; lower: more diverse (maximal marginal relevance)
  int64_t pool = 400;            // candidates re-ranked for diversity, best by score first
  void visit(config::ConfigVisitor& v);
};

struct AppConfig {
  std::array<Affect, 7> emotions;  // FER order: angry, disgust, fear, happy, sad, surprise, neutral
  std::string source;              // where the coordinates come from
  PolicyConfig policy;
  RankingConfig ranking;
  void visit(config::ConfigVisitor& v);
};

// Reads `path` with `--set`-style overrides; ConfigError naming file:line:key.
AppConfig load_app_config(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace emorec::app
