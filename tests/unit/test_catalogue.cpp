// The mood-labelled catalogue: name normalisation, labelling with a trained mood run, duplicates and malformed
// rows counted, the cache reused until the run or a source file changes, and a truncated cache rebuilt.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/catalogue.h"
#include "core/error.h"
#include "run/components.h"
#include "run/experiment_runner.h"
#include "test_util.h"

namespace emorec::app {
namespace {

namespace fs = std::filesystem;

TEST(Catalogue, NamesAreNormalised) {
  EXPECT_EQ(normalize_name("Don't Stop Me Now (Remastered)"), "don t stop me now remastered");
  EXPECT_EQ(normalize_name("  AC/DC "), "ac dc");
  EXPECT_EQ(normalize_name("Beyoncé"), "beyoncé");
  EXPECT_EQ(normalize_name("--"), "");
}

const char* kHeader =
    "track,artist,uri,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,"
    "valence,tempo,duration_ms,time_signature,chorus_hit,sections,target\n";

std::string hits_row(const std::string& title, const std::string& artist, double valence) {
  return "\"" + title + "\"," + artist + ",spotify:track:x,0.5,0.6,1,-7,1,0.04,0.3,0,0.1," + std::to_string(valence) +
         ",120,200000,4,30,9,1\n";
}

TEST(Catalogue, LabelsCountsAndCachesByRunAndSources) {
  EMOREC_REQUIRE_DATASET("spotify-moods");
  test::TempDir tmp;
  run::TrainOptions quiet;
  quiet.progress = false;
  const auto trained = run::train_experiment(
      run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/mood/logistic.yaml",
                           {"output.runs_dir=" + tmp.path(), "data.root=" + test::data_root(), "train.epochs=3"}),
      quiet);
  const auto a = tmp.file("a.csv"), b = tmp.file("b.csv");
  test::write_file(a, std::string(kHeader) + hits_row("Song, One", "X", 0.9) + hits_row("Sad Song", "Y", 0.1) +
                          "Broken,Z,uri,0.5\n" + "Bad,Z,u,0.5,0.6,1,-7,1,0.04,0.3,0,0.1,abc,120,200000,4,30,9,1\n");
  test::write_file(b, std::string(kHeader) + hits_row("SONG  one!", "x", 0.8) + hits_row("Third", "W", 0.5));
  const auto out = tmp.file("cache/catalogue.tsv");
  bool rebuilt = false;
  std::string reason;
  const auto c = load_or_build_catalogue(out, trained.run_dir, "best", {a, b}, &rebuilt, &reason);
  EXPECT_TRUE(rebuilt);
  EXPECT_EQ(c.stats.rows, 6);
  EXPECT_EQ(c.stats.malformed, 2);   // a short row and a bad number
  EXPECT_EQ(c.stats.duplicates, 1);  // "SONG  one!" by x is "Song, One" by X
  ASSERT_EQ(c.tracks.size(), 3u);
  EXPECT_EQ(c.tracks[0].title, "Song, One");
  EXPECT_EQ(c.tracks[2].source, b + ":3");
  for (const auto& t : c.tracks) {
    double sum = 0;
    for (double p : t.mood_probs) sum += p;
    EXPECT_NEAR(sum, 1, 1e-6);
  }
  EXPECT_NEAR(c.tracks[0].valence_z + c.tracks[1].valence_z + c.tracks[2].valence_z, 0, 1e-9);
  // Read back: the same tracks; reused while nothing changed.
  const auto again = load_or_build_catalogue(out, trained.run_dir, "best", {a, b}, &rebuilt, &reason);
  EXPECT_FALSE(rebuilt) << reason;
  ASSERT_EQ(again.tracks.size(), 3u);
  EXPECT_EQ(again.tracks[1].mood_probs, c.tracks[1].mood_probs);
  EXPECT_EQ(again.stats.duplicates, 1);
  // A source changes: rebuilt.
  test::write_file(b, std::string(kHeader) + hits_row("Third", "W", 0.5));
  const auto changed = load_or_build_catalogue(out, trained.run_dir, "best", {a, b}, &rebuilt, &reason);
  EXPECT_TRUE(rebuilt);
  EXPECT_EQ(changed.tracks.size(), 3u);
  EXPECT_EQ(changed.stats.duplicates, 0);
  // A truncated cache is an error when read, and rebuilt when loaded.
  const auto text = test::read_file(out);
  test::write_file(out, text.substr(0, text.size() - 20));
  EXPECT_THROW(read_catalogue(out), DataError);
  load_or_build_catalogue(out, trained.run_dir, "best", {a, b}, &rebuilt, &reason);
  EXPECT_TRUE(rebuilt);
  EXPECT_NE(reason.find("unreadable"), std::string::npos) << reason;
}

// Found by fuzzing (fuzz/regressions/catalogue/moods_empty_first_name): "moods=,Calm,Sad" read as three moods,
// the first without a name, which the file wrote back as "Calm,Sad": the catalogue and its file disagreed.
// Such headers, and the others that cannot hold, are refused with the line.
TEST(Catalogue, AHeaderThatCannotHoldIsRefused) {
  test::TempDir tmp;
  const auto file = tmp.file("catalogue.tsv");
  const auto header = [](const std::string& moods, const std::string& sd) {
    return "# emorec-catalogue 1\tkey=k\trun=r\tcheckpoint=best\tmoods=" + moods +
           "\trows=0\tmalformed=0\tduplicates=0\ttracks=0\tvalence_mean=0.5\tvalence_sd=" + sd +
           "\tenergy_mean=0.5\tenergy_sd=0.2\ntitle\n";
  };
  const auto error = [&](const std::string& text) {
    test::write_file(file, text);
    try {
      read_catalogue(file);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  test::write_file(file, header("Calm,Sad", "0.25"));
  EXPECT_EQ(read_catalogue(file).moods.size(), 2u);
  EXPECT_NE(error(header(",Calm,Sad", "0.25")).find(file + ":1: the header's moods has an empty name"),
            std::string::npos);
  EXPECT_NE(error(header("Calm,,Sad", "0.25")).find("empty name"), std::string::npos);
  EXPECT_NE(error(header("Calm,Sad,,", "0.25")).find("empty name"), std::string::npos);
  EXPECT_NE(error(header("", "0.25")).find("names no moods"), std::string::npos);
  EXPECT_NE(error(header("Sad,Sad", "0.25")).find("the mood Sad twice"), std::string::npos);
  EXPECT_NE(error(header("Calm,Sad", "0")).find("must be positive"), std::string::npos);
  const std::string row = "T\tA\tu\ts\t0.5\t0.5\tSad\t0.2\t1.5\n";
  EXPECT_NE(
      error(header("Calm,Sad", "0.25").replace(header("Calm,Sad", "0.25").find("tracks=0"), 8, "tracks=1") +
            row)
          .find(file + ":3: the probability of Sad is outside [0, 1]"),
      std::string::npos);
}

TEST(Catalogue, ARunThatIsNotAMoodClassifierIsRefused) {
  test::TempDir tmp, empty_root;
  run::TrainOptions quiet;
  quiet.progress = false;
  const auto kg = run::train_experiment(
      run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_synthetic.yaml",
                           {"output.runs_dir=" + tmp.path(), "data.root=" + empty_root.path(), "device=cpu",
                            "train.epochs=1", "data.synthetic.users=30", "data.synthetic.items=60"}),
      quiet);
  const auto a = tmp.file("a.csv");
  test::write_file(a, std::string(kHeader) + hits_row("Song", "X", 0.9));
  try {
    build_catalogue(kg.run_dir, "best", {a});
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a mood classifier"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace emorec::app
