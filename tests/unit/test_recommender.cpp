// The recommender on a generated catalogue (labelled synthetic: uniform valence and energy, mood
// probabilities from the quadrant): the emotion point, the policies' properties, the artist cap, the score's
// parts, and the app config's strictness.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "app/app_config.h"
#include "app/policies.h"
#include "app/recommender.h"
#include "app/synthetic_catalogue.h"
#include "core/error.h"
#include "test_util.h"

namespace emorec::app {
namespace {

// 2,000 synthetic tracks over 200 artists (app/synthetic_catalogue.h).
Catalogue synthetic_catalogue() { return app::synthetic_catalogue(2000, 200, 3); }

AppConfig config_with(const std::vector<std::string>& sets = {}) {
  return load_app_config(std::string(EMOREC_SOURCE_DIR) + "/configs/app/default.yaml", sets);
}

const std::array<double, 7> kSad = {0, 0, 0, 0, 1, 0, 0};

double mean_valence(const Catalogue& c, const RecommendResult& r) {
  double s = 0;
  for (const auto& it : r.items) s += c.tracks[it.track].valence;
  return s / static_cast<double>(r.items.size());
}

TEST(Recommender, TheEmotionPointIsProbabilityWeighted) {
  const auto cfg = config_with();
  const auto sad = emotion_point(cfg, kSad);
  EXPECT_DOUBLE_EQ(sad.valence, cfg.emotions[4].valence);
  const auto mixed = emotion_point(cfg, {0, 0, 0, 0.5, 0.5, 0, 0});
  EXPECT_NEAR(mixed.valence, (cfg.emotions[3].valence + cfg.emotions[4].valence) / 2, 1e-12);
  EXPECT_THROW(emotion_point(cfg, {0, 0, 0, 0.5, 0.2, 0, 0}), std::invalid_argument);
}

TEST(Recommender, LiftRaisesValenceOverMatchForSad) {
  const auto c = synthetic_catalogue();
  const auto match = recommend(c, config_with(), kSad, 20);
  const auto lift = recommend(c, config_with({"policy.name=lift", "policy.step=0.4"}), kSad, 20);
  ASSERT_EQ(match.items.size(), 20u);
  ASSERT_EQ(lift.items.size(), 20u);
  EXPECT_GT(mean_valence(c, lift), mean_valence(c, match) + 0.2);
  EXPECT_LT(mean_valence(c, match), 0.3);  // sad music for a sad face under match
  // Each row's score is its distance and mood parts.
  for (const auto& it : match.items) {
    EXPECT_NEAR(it.score, it.parts[0].contribution + it.parts[1].contribution, 1e-12);
  }
}

TEST(Recommender, IsoTargetsMoveMonotonicallyAndOrderThePlaylist) {
  const auto c = synthetic_catalogue();
  const auto r = recommend(c, config_with({"policy.name=iso", "policy.steps=5"}), kSad, 20);
  ASSERT_EQ(r.targets.size(), 5u);
  for (size_t i = 1; i < r.targets.size(); ++i) {
    EXPECT_GT(r.targets[i].valence, r.targets[i - 1].valence);
    EXPECT_LT(r.targets[i].arousal, r.targets[i - 1].arousal);  // the default goal, "relaxed", is calmer than sad
  }
  EXPECT_NEAR(r.targets.front().valence, r.listener.valence, 1e-12);
  for (size_t i = 1; i < r.items.size(); ++i) EXPECT_GE(r.items[i].target, r.items[i - 1].target);
  EXPECT_EQ(r.items.size(), 20u);
}

TEST(Recommender, TheArtistCapHoldsAndAnExhaustedCatalogueGivesFewerRows) {
  const auto c = synthetic_catalogue();
  const auto r = recommend(c, config_with({"ranking.artist_cap=1"}), kSad, 50);
  std::set<std::string> artists;
  for (const auto& it : r.items) EXPECT_TRUE(artists.insert(c.tracks[it.track].artist).second);
  const auto small = recommend(c, config_with({"ranking.artist_cap=1", "ranking.pool=5"}), kSad, 50);
  EXPECT_LE(small.items.size(), 5u);
}

TEST(Recommender, TheAppConfigIsStrict) {
  test::TempDir tmp;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(EMOREC_SOURCE_DIR) + "/configs/app")) {
    EXPECT_NO_THROW(load_app_config(entry.path().string())) << entry.path();  // every committed app config
  }
  try {
    config_with({"policy.step=0.2"});  // match has no step
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("policy.step: unknown key for policy match"), std::string::npos) << e.what();
  }
  EXPECT_THROW(config_with({"emotions.sad.valence=1.5"}), ConfigError);
  EXPECT_THROW(config_with({"ranking.mmr=0.5"}), ConfigError);
  test::write_file(tmp.file("a.yaml"), "source: x\nemotions:\n  sad: {valence: 0.1}\n");
  try {
    load_app_config(tmp.file("a.yaml"));
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(tmp.file("a.yaml") + ":"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace emorec::app
