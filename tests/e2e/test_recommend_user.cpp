// `recommend --user` on the real Last.FM data: a short KGCN run scores every artist of its graph for a known
// listener, names them from hetrec2011's artists.dat, and the CLI adds the personal part to a catalogue's
// ranking; unknown users and runs of the wrong kind are refused with exit 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/personal_scores.h"
#include "app/synthetic_catalogue.h"
#include "core/error.h"
#include "data/kg_dataset.h"
#include "run/components.h"
#include "run/experiment_runner.h"
#include "run/run_dir.h"
#include "test_util.h"
#include "train/checkpoint.h"
#include "train/kg_trainer.h"

namespace emorec::app {
namespace {

// The fields of each line of a tab-separated file (CRLF tolerated), the header skipped if asked.
std::vector<std::vector<std::string>> tsv(const std::string& path, bool header) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (header) {
      header = false;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string x; std::getline(s, x, '\t');) f.push_back(x);
    rows.push_back(f);
  }
  return rows;
}

TEST(RecommendUser, AShortKgcnRunScoresAKnownListenersArtists) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  EMOREC_REQUIRE_DATASET("hetrec2011-lastfm-2k");
  test::TempDir tmp, empty_root;
  run::TrainOptions quiet;
  quiet.progress = false;
  const auto root = test::data_root();
  const auto kg = run::train_experiment(
      run::load_experiment(
          std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_lastfm_sum.yaml",
          {"output.runs_dir=" + tmp.path(), "data.root=" + root, "device=cpu", "train.epochs=2"}),
      quiet);
  const int64_t user = 842;  // the user with the most artists of the graph
  const auto taste = listener_taste(kg.run_dir, user);
  ASSERT_EQ(taste.names.size(), 3846u);
  ASSERT_EQ(taste.probability.size(), 3846u);
  // Item i is line i of item_index2entity_id.txt; its name is that artist ID's in artists.dat.
  const auto items = tsv(root + "/kgcn-lastfm/item_index2entity_id.txt", false);
  std::map<std::string, std::string> names;
  for (const auto& f : tsv(root + "/hetrec2011-lastfm-2k/artists.dat", true)) names[f[0]] = f[1];
  std::map<std::string, size_t> item_of;
  for (size_t i = 0; i < items.size(); ++i) item_of[items[i][0]] = i;
  for (size_t i : {size_t{0}, size_t{1000}, size_t{3845}}) EXPECT_EQ(taste.names[i], names[items[i][0]]) << i;
  // The artists the listener played, by the files.
  std::set<size_t> played;
  for (const auto& f : tsv(root + "/kgcn-lastfm/user_artists.dat", true)) {
    if (f[0] == std::to_string(user) && item_of.count(f[1])) played.insert(item_of[f[1]]);
  }
  ASSERT_EQ(played.size(), 28u);  // 842 played 28 artists of the graph, the most of any user
  // The run's data set numbers the user by its own order: its positive rows for that user are the artists the
  // files say the user played, and the taste is the model's own probability for each of the user's rows.
  const auto cfg = run::load_experiment(kg.run_dir + "/config.yaml");
  const auto ds = data::load_kg_dataset(cfg.data, static_cast<uint64_t>(cfg.seed));
  const auto& ids = ds.interactions.user_ids;
  const auto u = std::find(ids.begin(), ids.end(), user) - ids.begin();
  ASSERT_LT(u, static_cast<int64_t>(ids.size()));
  EXPECT_GT(u, 0);  // not the first user: the index differs from the ID's position in the files
  std::vector<int64_t> rows;
  std::set<size_t> positives;
  for (size_t r = 0; r < ds.interactions.size(); ++r) {
    if (ds.interactions.user[r] != u) continue;
    rows.push_back(static_cast<int64_t>(r));
    if (ds.interactions.label[r] > 0.5f) positives.insert(static_cast<size_t>(ds.interactions.item[r]));
  }
  EXPECT_EQ(positives, played);
  train::KgTrainer trainer(cfg, ds, torch::kCPU, false);
  train::load_checkpoint(run::RunDir::open(kg.run_dir).checkpoint("best"), trainer.model(), nullptr);
  const auto predicted = trainer.predict(rows);
  for (size_t k = 0; k < rows.size(); ++k) {
    const auto item = static_cast<size_t>(ds.interactions.item[static_cast<size_t>(rows[k])]);
    EXPECT_NEAR(taste.probability[item], predicted[k], 1e-6) << "item " << item;
  }
  for (double p : taste.probability) EXPECT_TRUE(p > 0 && p < 1) << p;
  try {
    listener_taste(kg.run_dir, 999999);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--user 999999: not a user of"), std::string::npos) << e.what();
  }

  // Through the CLI: a synthetic catalogue whose first 40 artists carry names of the graph's artists.
  auto c = synthetic_catalogue(400, 80, 5);
  for (auto& t : c.tracks) {
    const int a = std::stoi(t.artist.substr(t.artist.rfind(' ') + 1));
    if (a < 40) t.artist = taste.names[static_cast<size_t>(a) * 50];
  }
  write_catalogue(tmp.file("catalogue.tsv"), c);
  const std::string cmd = std::string(EMOREC_BINARY) + " recommend --emotion sad --catalogue " +
                          tmp.file("catalogue.tsv") + " --config " + EMOREC_SOURCE_DIR +
                          "/configs/app/default.yaml --kg-run " + kg.run_dir;
  std::string text;
  ASSERT_EQ(test::run_command(cmd + " --user 842 --json 2>/dev/null", &text), 0) << text;
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["user"]["id"], 842);
  const auto expected = join_taste(taste, c);
  EXPECT_GE(expected.matched_artists,
            35);  // 40 names of the graph, a few of them maybe shared by two artists
  EXPECT_EQ(j["user"]["catalogue_artists"], 80);
  EXPECT_EQ(j["user"]["matched_artists"], expected.matched_artists);
  EXPECT_EQ(j["user"]["matched_tracks"], expected.matched_tracks);
  std::set<std::string> scored;
  for (size_t t = 0; t < c.tracks.size(); ++t) {
    if (std::isfinite(expected.track[t])) scored.insert(c.tracks[t].artist);
  }
  ASSERT_EQ(j["items"].size(), 20u);
  for (const auto& it : j["items"]) {
    EXPECT_EQ(it["parts"]["personal"]["value"].is_null(), !scored.count(it["artist"].get<std::string>()))
        << it.dump();
  }
  EXPECT_EQ(test::run_command(cmd + " --user 999999", &text), 2) << text;
  EXPECT_NE(text.find("--user 999999"), std::string::npos) << text;
  EXPECT_EQ(test::run_command(cmd, &text), 2) << text;  // --kg-run without --user
  // A KG run on another data set has no Last.FM users.
  const auto synthetic = run::train_experiment(
      run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_synthetic.yaml",
                           {"output.runs_dir=" + tmp.path(), "data.root=" + empty_root.path(), "device=cpu",
                            "train.epochs=1", "data.synthetic.users=30", "data.synthetic.items=60"}),
      quiet);
  EXPECT_THROW(listener_taste(synthetic.run_dir, 2), ConfigError);
}

}  // namespace
}  // namespace emorec::app
