// The tags of audio data sets (data/audio/tag_table.h) in MTG-Jamendo's and MagnaTagATune's layouts, the
// multi-label metrics (metrics/multilabel.h) against scikit-learn's, and resampling (data/audio/resample.h)
// against the analytic signal.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "data/audio/resample.h"
#include "data/audio/tag_table.h"
#include "metrics/multilabel.h"
#include "test_util.h"

namespace emorec::data {
namespace {
namespace fs = std::filesystem;

void write(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
}

const char* kHeader = "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n";

// Four tracks; t4 is in no split file.
void write_mtg(const test::TempDir& tmp) {
  write(tmp.file("set/autotagging.tsv"), std::string(kHeader) +
                                             "t1\ta\tb\taudio/1.wav\t6.0\tgenre---rock\tmood/theme---happy\n"
                                             "t2\ta\tb\taudio/2.wav\t6.0\tgenre---jazz\n"
                                             "t3\ta\tb\taudio/3.wav\t6.0\tgenre---rock\tinstrument---piano\n"
                                             "t4\ta\tb\taudio/4.wav\t6.0\tgenre---pop\n");
  write(tmp.file("set/split-0/autotagging-train.tsv"), std::string(kHeader) +
                                                           "t1\ta\tb\taudio/1.wav\t6.0\tx\n"
                                                           "t3\ta\tb\taudio/3.wav\t6.0\tx\n");
  write(tmp.file("set/split-0/autotagging-validation.tsv"),
        std::string(kHeader) + "t2\ta\tb\taudio/2.wav\t6\tx\n");
  write(tmp.file("set/split-0/autotagging-test.tsv"), kHeader);
}

TEST(TagTable, ReadsMtgJamendoWithItsSplitFilesAndGroups) {
  test::TempDir tmp;
  write_mtg(tmp);
  const auto t = read_tag_table(tmp.file("set/autotagging.tsv"), AudioDataConfig{});
  EXPECT_EQ(t.layout, "mtg-jamendo");
  EXPECT_EQ(t.tags, (std::vector<std::string>{"genre---jazz", "genre---pop", "genre---rock",
                                              "instrument---piano", "mood/theme---happy"}));
  EXPECT_EQ(t.groups(), (std::vector<std::string>{"genre", "instrument", "mood/theme"}));
  ASSERT_EQ(t.tracks.size(), 3u);
  EXPECT_EQ(t.unsplit, 1);
  EXPECT_EQ(t.tracks[0].tags, (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(t.tracks[1].split, AudioSplit::kEval);
  EXPECT_EQ(t.tracks[2].path, fs::path(tmp.file("set/audio/3.wav")).lexically_normal().string());
  // top_tags keeps the most frequent training tags (rock 2; piano and happy 1; jazz and pop 0, ties by name):
  // 4 keeps jazz and leaves pop out; 2 leaves the eval track (jazz only) without a tag, an empty eval split.
  AudioDataConfig keys;
  keys.top_tags = 4;
  const auto top = read_tag_table(tmp.file("set/autotagging.tsv"), keys);
  EXPECT_EQ(top.tags, (std::vector<std::string>{"genre---jazz", "genre---rock", "instrument---piano",
                                                "mood/theme---happy"}));
  EXPECT_EQ(top.untagged, 0);
  keys.top_tags = 2;
  try {
    read_tag_table(tmp.file("set/autotagging.tsv"), keys);
    FAIL() << "an empty eval split was accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("the training or the eval split is empty"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("1 without a kept tag"), std::string::npos) << e.what();
  }
}

TEST(TagTable, ErrorsNameTheFileAndLine) {
  test::TempDir tmp;
  write_mtg(tmp);
  const auto message = [&](const AudioDataConfig& keys = {}) {
    try {
      read_tag_table(tmp.file("set/autotagging.tsv"), keys);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  write(tmp.file("set/split-0/autotagging-test.tsv"), std::string(kHeader) + "t9\ta\tb\tc\t1\tx\n");
  EXPECT_NE(message().find("autotagging-test.tsv:2: track t9 is not in the tags file"), std::string::npos)
      << message();
  write(tmp.file("set/split-0/autotagging-test.tsv"), std::string(kHeader) + "t1\ta\tb\tc\t1\tx\n");
  EXPECT_NE(message().find("autotagging-test.tsv:2: track t1 is also in autotagging-train.tsv"),
            std::string::npos)
      << message();
  AudioDataConfig keys;
  keys.split_dir = "split-9";
  EXPECT_NE(message(keys).find("split-9/autotagging-train.tsv: no such split file"), std::string::npos);
  write(tmp.file("set/autotagging.tsv"), std::string(kHeader) + "t1\ta\tb\n");
  EXPECT_NE(message().find("autotagging.tsv:2: expected TRACK_ID"), std::string::npos) << message();
  write(tmp.file("set/autotagging.tsv"), "id\tpath\n");
  EXPECT_NE(message().find("autotagging.tsv:1: expected MTG-Jamendo's header"), std::string::npos)
      << message();
}

TEST(TagTable, ReadsMagnaTagATuneSplitByFolder) {
  test::TempDir tmp;
  const std::string file = tmp.file("mtat/annotations_final.csv");
  write(file,
        "\"clip_id\"\t\"guitar\"\t\"classical\"\t\"mp3_path\"\n"
        "\"2\"\t\"1\"\t\"0\"\t\"f/a-2.mp3\"\n"
        "\"6\"\t\"0\"\t\"1\"\t\"0/b-6.mp3\"\n"
        "\"7\"\t\"1\"\t\"1\"\t\"c/c-7.mp3\"\n"
        "\"9\"\t\"0\"\t\"0\"\t\"b/d-9.mp3\"\n");
  AudioDataConfig keys;
  keys.audio_dir = "mp3";
  const auto t = read_tag_table(file, keys);
  EXPECT_EQ(t.layout, "magnatagatune");
  EXPECT_EQ(t.tags, (std::vector<std::string>{"classical", "guitar"}));
  EXPECT_EQ(t.groups(), std::vector<std::string>{"tag"});
  ASSERT_EQ(t.tracks.size(), 3u);  // clip 9 has no tag
  EXPECT_EQ(t.untagged, 1);
  EXPECT_EQ(t.tracks[0].split, AudioSplit::kTest);
  EXPECT_EQ(t.tracks[1].split, AudioSplit::kTrain);
  EXPECT_EQ(t.tracks[2].split, AudioSplit::kEval);
  EXPECT_EQ(t.tracks[1].path, fs::path(tmp.file("mtat/mp3/0/b-6.mp3")).lexically_normal().string());
  write(file, "\"clip_id\"\t\"guitar\"\t\"mp3_path\"\n\"2\"\t\"yes\"\t\"f/a.mp3\"\n");
  try {
    read_tag_table(file, keys);
    FAIL() << "a tag value other than 0 or 1 was accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("annotations_final.csv:2: tag guitar is \"yes\""), std::string::npos)
        << e.what();
  }
}

// Reference values from scikit-learn 1.9.1: roc_auc_score and average_precision_score of these vectors.
TEST(MultiLabel, AucAndAveragePrecisionMatchScikitLearn) {
  const std::vector<float> s{0.9f, 0.8f, 0.8f, 0.7f, 0.5f, 0.4f, 0.4f, 0.3f, 0.2f, 0.1f};
  const std::vector<float> l{1, 0, 1, 1, 0, 1, 0, 0, 1, 0};
  EXPECT_NEAR(metrics::average_precision(s, l), 0.7087301587301588, 1e-9);
  const std::vector<float> s2{0.1f, 0.4f, 0.35f, 0.8f}, l2{0, 0, 1, 1};
  EXPECT_NEAR(metrics::average_precision(s2, l2), 0.8333333333333333, 1e-9);
  EXPECT_TRUE(std::isnan(metrics::average_precision(s2, {0, 0, 0, 0})));
  // Two rows-by-tags matrices: tag a (group g) and b (group h) defined, c all negative (left out).
  const std::vector<float> probs{0.9f, 0.2f, 0.1f,  //
                                 0.3f, 0.8f, 0.2f,  //
                                 0.6f, 0.4f, 0.3f,  //
                                 0.1f, 0.7f, 0.4f};
  const std::vector<float> labels{1, 0, 0,  //
                                  0, 1, 0,  //
                                  0, 0, 0,  //
                                  1, 1, 0};
  const auto m = metrics::multilabel_scores(probs, labels, {"a", "b", "c"}, {"g", "h", "h"}, {"g", "h"});
  EXPECT_EQ(m.undefined, 1);
  EXPECT_NEAR(m.per_tag[0].roc_auc, 0.5, 1e-12);  // a: positives 0.9, 0.1 against 0.3, 0.6
  EXPECT_NEAR(m.per_tag[1].roc_auc, 1.0, 1e-12);
  EXPECT_NEAR(m.roc_auc, 0.75, 1e-12);
  EXPECT_NEAR(m.per_group[1].roc_auc, 1.0, 1e-12);
  EXPECT_EQ(m.per_group[1].tags, 1);
  EXPECT_NEAR(m.per_tag[0].pr_auc, 0.75, 1e-9);
}

TEST(Resample, MatchesTheAnalyticSineDownAndUp) {
  for (const auto& [from, to] : {std::pair<int64_t, int64_t>{44100, 16000}, {16000, 22050}, {22050, 16000}}) {
    const int64_t n = from / 2;  // half a second
    const double f = 440.0;
    const auto t_in = torch::arange(n, torch::kFloat64) / static_cast<double>(from);
    const auto wave = torch::sin(2 * M_PI * f * t_in).to(torch::kFloat);
    const auto out = resample(wave, from, to);
    const auto expected_len = static_cast<int64_t>(std::ceil(static_cast<double>(n) * to / from));
    ASSERT_EQ(out.size(0), expected_len) << from << " -> " << to;
    const auto t_out = torch::arange(expected_len, torch::kFloat64) / static_cast<double>(to);
    const auto truth = torch::sin(2 * M_PI * f * t_out).to(torch::kFloat);
    // Away from the edges (the kernels reach ~20 input samples), within 2e-3 of the sine.
    const int64_t edge = to / 100;
    const double err =
        (out.narrow(0, edge, expected_len - 2 * edge) - truth.narrow(0, edge, expected_len - 2 * edge))
            .abs()
            .max()
            .item<double>();
    EXPECT_LT(err, 2e-3) << from << " -> " << to;
  }
  const auto same = torch::randn({100});
  EXPECT_TRUE(resample(same, 16000, 16000).equal(same));
  EXPECT_THROW(resample(same, 0, 16000), std::invalid_argument);
}

}  // namespace
}  // namespace emorec::data
