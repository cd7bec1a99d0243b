// Fields, defaults and rules of the recommender's configuration, and its loading.
#include "app/app_config.h"

#include "app/policies.h"
#include "config/config_file.h"
#include "data/fer/fer2013.h"

namespace emorec::app {

using config::IntRule;
using config::NumberRule;
using config::StringRule;

void Affect::visit(config::ConfigVisitor& v, bool required) {
  v.field("valence", valence, NumberRule::range(0, 1), "unpleasant (0) .. pleasant (1)", required);
  v.field("arousal", arousal, NumberRule::range(0, 1), "calm (0) .. excited (1)", required);
}

void PolicyConfig::visit(config::ConfigVisitor& v) {
  v.choice("name", name, options, "policy", "emotion-to-music policy, by name; its own keys follow", false);
}

void RankingConfig::visit(config::ConfigVisitor& v) {
  v.field("distance_weight", distance_weight, NumberRule::non_negative(),
          "weight of minus the distance from a track (standardised valence, energy) to the target");
  v.field("mood_weight", mood_weight, NumberRule::non_negative(),
          "weight of the mood classifier's probability of the target's moods (the moods nearest the target)");
  v.field("personal_weight", personal_weight, NumberRule::non_negative(),
          "weight of a known listener's personal score (recommend --user): the KG model's probability that they like "
          "the artist, minus 0.5 (its even odds); tracks without one get 0");
  v.field("artist_cap", artist_cap, IntRule::range(1, 1000), "tracks of one artist in a list at most");
  v.field("mmr_lambda", mmr_lambda, NumberRule::probability(),
          "maximal marginal relevance: lambda * score - (1 - lambda) * similarity to the tracks already chosen "
          "(1: by score only)");
  v.field("pool", pool, IntRule::range(1, 1 << 20), "best-scored candidates the diversity re-rank chooses from");
}

void AppConfig::visit(config::ConfigVisitor& v) {
  v.field("source", source, StringRule::any(), "where the emotions' coordinates come from", true);
  const auto& names = data::fer_class_names();
  v.section("emotions", "each FER emotion's point in the affect space", [&](config::ConfigVisitor& s) {
    for (size_t k = 0; k < names.size(); ++k) {
      s.section(names[k].c_str(), "valence and arousal of this emotion",
                [&, k](config::ConfigVisitor& e) { emotions[k].visit(e); });
    }
  });
  v.section("policy", "how an emotion becomes the playlist's targets", [&](config::ConfigVisitor& s) { policy.visit(s); });
  v.section("ranking", "how tracks are scored and the list diversified",
            [&](config::ConfigVisitor& s) { ranking.visit(s); });
}

AppConfig load_app_config(const std::string& path, const std::vector<std::string>& overrides) {
  static const config::Choices choices = [] {
    config::Choices c;
    c.add(policy_choices());
    return c;
  }();
  AppConfig cfg;
  config::read_config_file(path, overrides, choices, "app config", [&](config::ConfigVisitor& v) { cfg.visit(v); });
  return cfg;
}

}  // namespace emorec::app
