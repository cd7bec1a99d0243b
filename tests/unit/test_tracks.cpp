// Mood classification over tracks: the CSV reader, cross-validation splits (stratified, disjoint, covering),
// standardisation fitted on training rows only (a planted leak is caught), and the closed-form models.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "core/error.h"
#include "core/rng.h"
#include "data/csv_table.h"
#include "data/tracks/cv_folds.h"
#include "data/tracks/mood_tracks.h"
#include "data/tracks/tracks_dataset.h"
#include "models/fer/fer_model.h"
#include "models/tracks/track_baselines.h"
#include "models/tracks/track_mlp.h"
#include "test_util.h"

namespace emorec::data {
namespace {

std::string write(const test::TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = dir.path() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError";
  return "";
}

TEST(CsvTable, QuotedFieldsCommasDoubledQuotesLineBreaksAndCrlf) {
  test::TempDir dir;
  const auto path = write(dir, "t.csv",
                          "id,name,x\r\n1,\"a, b\",0.5\r\n2,\"say \"\"hi\"\"\",1\n3,\"two\nlines\",2\n\n4,plain,-3e2\n");
  std::vector<std::pair<int64_t, std::string>> rows;
  std::vector<double> xs;
  for_each_csv_row(path, {"name", "x"}, [&](const CsvRow& r) {
    rows.emplace_back(r.line(), r.text(0));
    xs.push_back(r.number(1));
  });
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::pair<int64_t, std::string>{2, "a, b"}));
  EXPECT_EQ(rows[1].second, "say \"hi\"");
  EXPECT_EQ(rows[2], (std::pair<int64_t, std::string>{4, "two\nlines"}));
  EXPECT_EQ(rows[3], (std::pair<int64_t, std::string>{7, "plain"}));
  EXPECT_EQ(xs, (std::vector<double>{0.5, 1, 2, -300}));
}

TEST(CsvTable, MalformedRowsNameTheFileLineAndColumn) {
  test::TempDir dir;
  const auto short_row = write(dir, "a.csv", "id,x\n1,2\n3\n");
  EXPECT_NE(error_of([&] { for_each_csv_row(short_row, {"x"}, [](const CsvRow&) {}); }).find(short_row + ":3: expected 2"),
            std::string::npos);
  const auto open_quote = write(dir, "b.csv", "id,x\n1,\"2\n");
  EXPECT_NE(error_of([&] { for_each_csv_row(open_quote, {"x"}, [](const CsvRow&) {}); }).find(":2: unterminated quote"),
            std::string::npos);
  const auto bad = write(dir, "c.csv", "id,x\n1,2\n2,nan\n");
  EXPECT_NE(error_of([&] { for_each_csv_row(bad, {"x"}, [](const CsvRow& r) { r.number(0); }); })
                .find(bad + ":3: column x: bad number \"nan\""),
            std::string::npos);
  EXPECT_NE(error_of([&] { for_each_csv_row(bad, {"y"}, [](const CsvRow&) {}); }).find(":1: no column \"y\""),
            std::string::npos);
  const auto empty = write(dir, "d.csv", "");
  EXPECT_NE(error_of([&] { for_each_csv_row(empty, {"x"}, [](const CsvRow&) {}); }).find("empty"), std::string::npos);
}

// A data_moods.csv-shaped fixture: `n` rows with moods in turn and two features, f1 = row index, f2 = 2 * row.
std::string moods_fixture(const test::TempDir& dir, int n, const std::string& extra_row = "") {
  std::string text = "name,artist,id,f1,f2,mood\n";
  for (int i = 0; i < n; ++i) {
    text += "\"Song, " + std::to_string(i) + "\",Artist,id" + std::to_string(i) + "," + std::to_string(i) + "," +
            std::to_string(2 * i) + "," + mood_names()[static_cast<size_t>(i % 4)] + "\n";
  }
  return write(dir, "moods.csv", text + extra_row);
}

TEST(MoodTracks, ReadsFeaturesAndMoodsAndNamesBadRows) {
  test::TempDir dir;
  const auto t = read_mood_tracks(moods_fixture(dir, 8), {"f2", "f1"});
  ASSERT_EQ(t.rows(), 8);
  EXPECT_EQ(t.titles[3], "Song, 3");
  EXPECT_DOUBLE_EQ(t.at(3, 0), 6);
  EXPECT_DOUBLE_EQ(t.at(3, 1), 3);
  EXPECT_EQ(t.labels, (std::vector<int64_t>{0, 1, 2, 3, 0, 1, 2, 3}));
  const auto path = moods_fixture(dir, 4, "x,y,z,1,2,Angry\n");
  EXPECT_NE(error_of([&] { read_mood_tracks(path, {"f1"}); }).find(":6: column mood: unknown mood \"Angry\""),
            std::string::npos);
}

TEST(CvFolds, StratifiedDisjointAndCoveringEveryRow) {
  std::vector<int64_t> labels;
  for (int i = 0; i < 103; ++i) labels.push_back(i % 7 < 3 ? 0 : i % 7 < 5 ? 1 : i % 7 < 6 ? 2 : 3);
  const int64_t k = 10;
  const auto fold = stratified_folds(labels, k, 5);
  std::vector<int64_t> size(k, 0);
  std::map<std::pair<int64_t, int64_t>, int64_t> per;  // (fold, class) -> rows
  for (size_t r = 0; r < labels.size(); ++r) {
    ASSERT_GE(fold[r], 0);
    ASSERT_LT(fold[r], k);
    ++size[static_cast<size_t>(fold[r])], ++per[{fold[r], labels[r]}];
  }
  EXPECT_LE(*std::max_element(size.begin(), size.end()) - *std::min_element(size.begin(), size.end()), 1);
  for (int64_t c = 0; c < 4; ++c) {
    int64_t lo = 1 << 30, hi = 0;
    for (int64_t f = 0; f < k; ++f) lo = std::min(lo, per[{f, c}]), hi = std::max(hi, per[{f, c}]);
    EXPECT_LE(hi - lo, 1) << "class " << c;
  }
  EXPECT_NE(stratified_folds(labels, k, 6), fold);  // another repeat deals differently
  EXPECT_EQ(stratified_folds(labels, k, 5), fold);  // and the same seed the same
  std::set<int64_t> tested;
  for (int64_t f = 0; f < k; ++f) {
    const auto s = cv_split(labels, k, f, 0.1, 9);
    std::set<int64_t> all;
    for (const auto* part : {&s.train, &s.eval, &s.test}) {
      for (int64_t r : *part) EXPECT_TRUE(all.insert(r).second) << "row " << r << " is in two parts";
    }
    EXPECT_EQ(all.size(), labels.size());
    for (int64_t r : s.test) EXPECT_TRUE(tested.insert(r).second);
    EXPECT_NEAR(static_cast<double>(s.eval.size()), 0.1 * static_cast<double>(labels.size() - s.test.size()), 4);
  }
  EXPECT_EQ(tested.size(), labels.size());  // every row is tested exactly once over the folds
  EXPECT_THROW(stratified_folds(labels, 1, 0), std::invalid_argument);
}

TEST(TracksDataset, StandardisationIsFittedOnTheTrainingRowsOnly) {
  // A planted leak: the rows of every held-out fold and of the eval rows have feature values far from the
  // training rows'. Statistics over all rows would move the mean by thousands; the loader's must be those
  // of the training rows alone.
  test::TempDir dir;
  const int n = 40;
  std::vector<int64_t> labels;
  for (int i = 0; i < n; ++i) labels.push_back(i % 4);
  const auto split = cv_split(labels, 5, 2, 0.25, 3);
  std::set<int64_t> held(split.test.begin(), split.test.end());
  held.insert(split.eval.begin(), split.eval.end());
  std::string text = "name,artist,id,f1,mood\n";
  double train_sum = 0;
  for (int i = 0; i < n; ++i) {
    const double v = held.count(i) ? 1e6 : i;
    if (!held.count(i)) train_sum += v;
    text += "s,a,id," + std::to_string(v) + "," + mood_names()[static_cast<size_t>(i % 4)] + "\n";
  }
  TracksDataConfig keys;
  keys.path = write(dir, "moods.csv", text);
  keys.features = {"f1"};
  keys.folds = 5, keys.fold = 2, keys.eval_fraction = 0.25;
  config::DataConfig data;
  data.dataset = "spotify-moods";
  data.options = config::make_options(keys);
  const auto ds = load_tracks_dataset(data, 3);
  ASSERT_EQ(ds.split.test, split.test);
  ASSERT_EQ(ds.split.eval, split.eval);
  EXPECT_NEAR(ds.mean[0], train_sum / static_cast<double>(split.train.size()), 1e-9);
  EXPECT_LT(ds.mean[0], 100);  // all rows' mean would be near 1e6 * held share
  const auto train_x = ds.x.index_select(0, torch::tensor(split.train));
  EXPECT_NEAR(train_x.mean().item<double>(), 0, 1e-5);
  EXPECT_NEAR(train_x.std(/*unbiased=*/false).item<double>(), 1, 1e-5);
}

}  // namespace
}  // namespace emorec::data

namespace emorec::models {
namespace {

TEST(TrackModels, MlpShapesAndParameterCounts) {
  TrackMlp seed(10, {8}, 4, 0.0);
  EXPECT_EQ(parameter_count(seed), 10 * 8 + 8 + 8 * 4 + 4);  // the Keras seed model's 124
  TrackMlp logistic(10, {}, 4, 0.0);
  EXPECT_EQ(parameter_count(logistic), 10 * 4 + 4);
  EXPECT_EQ(seed.forward(torch::randn({5, 10})).sizes(), (std::vector<int64_t>{5, 4}));
}

TEST(TrackModels, MajorityPredictsTheMostFrequentTrainingClass) {
  MajorityClass m(4);
  m.fit(torch::zeros({6, 2}), torch::tensor({2, 2, 2, 0, 1, 2}, torch::kLong));
  const auto p = m.forward(torch::randn({3, 2}));
  EXPECT_TRUE(torch::equal(p.argmax(1), torch::full({3}, 2, torch::kLong)));
  EXPECT_NEAR(p[0].exp().sum().item<double>(), 1, 1e-6);
}

TEST(TrackModels, KMeansFindsSeparatedClustersAndNamesThemByMajority) {
  // Four blobs far apart; blob b's rows carry label (b + 1) % 4, except one mislabelled row per blob.
  torch::manual_seed(0);
  std::vector<torch::Tensor> xs;
  std::vector<int64_t> ys;
  for (int b = 0; b < 4; ++b) {
    xs.push_back(torch::randn({30, 3}) * 0.1 + torch::full({1, 3}, 10.0 * b));
    for (int i = 0; i < 30; ++i) ys.push_back(i == 0 ? b : (b + 1) % 4);
  }
  const auto x = torch::cat(xs);
  KMeansClassifier km(3, 4, KMeansOptions{4, 100, 5}, 7);
  km.fit(x, torch::tensor(ys, torch::kLong));
  const auto pred = km.forward(x).argmax(1);
  for (int b = 0; b < 4; ++b) {
    EXPECT_TRUE(torch::all(pred.narrow(0, b * 30, 30) == (b + 1) % 4).item<bool>()) << "blob " << b;
  }
  EXPECT_THROW(kmeans(x.narrow(0, 0, 2), 4, 10, 1, *std::make_unique<Rng>(1)), std::invalid_argument);
}

}  // namespace
}  // namespace emorec::models
