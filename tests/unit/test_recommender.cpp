// The recommender on a generated catalogue (labelled synthetic: uniform valence and energy, mood
// probabilities from the quadrant): the emotion point, the policies' properties, the artist cap, the score's
// parts, a known listener's personal score and its join by artist name, and the app config's strictness.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <set>

#include "app/app_config.h"
#include "app/personal_scores.h"
#include "app/policies.h"
#include "app/recommender.h"
#include "app/synthetic_catalogue.h"
#include "core/error.h"
#include "test_util.h"

namespace emorec::app {
namespace {

// 2,000 synthetic tracks over 200 artists (app/synthetic_catalogue.h).
Catalogue generated_catalogue() {
  return app::synthetic_catalogue(2000, 200, 3);
}

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
  const auto c = generated_catalogue();
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
  const auto c = generated_catalogue();
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
  const auto c = generated_catalogue();
  const auto r = recommend(c, config_with({"ranking.artist_cap=1"}), kSad, 50);
  std::set<std::string> artists;
  for (const auto& it : r.items) EXPECT_TRUE(artists.insert(c.tracks[it.track].artist).second);
  const auto small = recommend(c, config_with({"ranking.artist_cap=1", "ranking.pool=5"}), kSad, 50);
  EXPECT_LE(small.items.size(), 5u);
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void expect_same_list(const RecommendResult& a, const RecommendResult& b) {
  ASSERT_EQ(a.items.size(), b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) {
    EXPECT_EQ(a.items[i].track, b.items[i].track) << "rank " << i + 1;
    EXPECT_EQ(a.items[i].score, b.items[i].score) << "rank " << i + 1;
  }
}

TEST(Recommender, AKnownListenerMovesOnlyTracksWithAPersonalScore) {
  const auto c = generated_catalogue();
  // Relevance only and no cap, so that the list is the best k by score.
  const auto cfg = config_with({"ranking.mmr_lambda=1", "ranking.artist_cap=1000"});
  const auto anonymous = recommend(c, cfg, kSad, 40);
  // No personal score anywhere, or even odds everywhere: the anonymous list, score for score.
  const std::vector<double> none(c.tracks.size(), kNaN), even(c.tracks.size(), 0.5);
  expect_same_list(recommend(c, cfg, kSad, 40, &none), anonymous);
  expect_same_list(recommend(c, cfg, kSad, 40, &even), anonymous);
  // Half the artists scored at random.
  std::vector<double> p(c.tracks.size(), kNaN);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::map<std::string, double> by_artist;
  for (size_t i = 0; i < c.tracks.size(); ++i) {
    const auto& a = c.tracks[i].artist;
    if (std::stoi(a.substr(a.rfind(' ') + 1)) % 2 == 0) {
      if (!by_artist.count(a)) by_artist[a] = u(rng);
      p[i] = by_artist[a];
    }
  }
  const auto personal = recommend(c, cfg, kSad, 40, &p);
  expect_same_list(recommend(c, config_with({"ranking.mmr_lambda=1", "ranking.artist_cap=1000",
                                             "ranking.personal_weight=0"}),
                             kSad, 40, &p),
                   anonymous);
  // Both lists are the best 40 by score, and a track's score differs between them only by its personal part:
  // a track keeps its anonymous score less that part; one that entered scored below the anonymous list's last
  // before it; one that left scores, with its personal part, below the personal list's last.
  const auto contribution = [&](size_t track) { return std::isfinite(p[track]) ? p[track] - 0.5 : 0.0; };
  std::map<size_t, double> anonymous_score;
  for (const auto& it : anonymous.items) anonymous_score[it.track] = it.score;
  const double anonymous_last = anonymous.items.back().score, personal_last = personal.items.back().score;
  std::set<size_t> kept;
  int entered = 0;
  for (size_t i = 0; i < personal.items.size(); ++i) {
    const auto& it = personal.items[i];
    kept.insert(it.track);
    if (i > 0) {
      EXPECT_LE(it.score, personal.items[i - 1].score);
    }
    ASSERT_EQ(it.parts.size(), 4u);
    EXPECT_EQ(it.parts[2].name, "personal");
    EXPECT_NEAR(it.score, it.parts[0].contribution + it.parts[1].contribution + it.parts[2].contribution, 1e-12);
    EXPECT_DOUBLE_EQ(it.parts[2].contribution, contribution(it.track));
    const auto before = anonymous_score.find(it.track);
    if (before != anonymous_score.end()) {
      EXPECT_NEAR(it.score - contribution(it.track), before->second, 1e-12);
    } else {
      ++entered;
      EXPECT_LE(it.score - contribution(it.track), anonymous_last + 1e-12);
    }
  }
  for (const auto& it : anonymous.items) {
    if (!kept.count(it.track)) {
      EXPECT_LE(it.score + contribution(it.track), personal_last + 1e-12);
    }
  }
  EXPECT_GT(entered, 0);  // the personal scores do move the list
  // Scores for the wrong number of tracks are refused.
  const std::vector<double> short_scores(3, 0.5);
  EXPECT_THROW(recommend(c, cfg, kSad, 40, &short_scores), std::invalid_argument);
}

TEST(PersonalScores, TheJoinIsByNormalisedNameAndAmbiguousNamesGetNoScore) {
  ListenerTaste taste;
  taste.names = {"AC/DC", "Bj\xc3\xb6rk", "Foo", "FOO!", "Unplayed"};
  taste.probability = {0.9, 0.2, 0.7, 0.6, 0.4};
  Catalogue c;
  for (const char* artist : {"ac dc", "AC-DC", "Bj\xc3\xb6rk", "Foo", "Nobody", "Nobody"}) {
    CatalogueTrack t;
    t.artist = artist;
    c.tracks.push_back(t);
  }
  const auto s = join_taste(taste, c);
  EXPECT_EQ(s.catalogue_artists, 4);  // ac dc, bjork, foo, nobody
  EXPECT_EQ(s.matched_artists, 2);
  EXPECT_EQ(s.ambiguous_artists, 1);  // "Foo" and "FOO!" are one name for two artists of the graph
  EXPECT_EQ(s.matched_tracks, 3);
  ASSERT_EQ(s.track.size(), 6u);
  EXPECT_EQ(s.track[0], 0.9);
  EXPECT_EQ(s.track[1], 0.9);
  EXPECT_EQ(s.track[2], 0.2);
  for (size_t i : {3, 4, 5}) EXPECT_TRUE(std::isnan(s.track[i])) << i;
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
