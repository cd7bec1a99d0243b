// Audio files (data/audio/audio_file.h) and the made data set (data/audio/make_audio.h): round trips, errors
// that name the file, and a small `make-audio` run that must be labelled, decodable and the same twice.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "data/audio/audio_file.h"
#include "data/audio/make_audio.h"
#include "test_util.h"

namespace emorec::data {
namespace {
namespace fs = std::filesystem;

TEST(AudioFile, WavRoundTripKeepsRateLengthAndSamples) {
  test::TempDir tmp;
  Audio a;
  a.sample_rate = 22050;
  for (int i = 0; i < 2205; ++i)
    a.samples.push_back(0.5f * std::sin(2.0f * 3.14159265f * 440.0f * i / 22050.0f));
  write_wav(tmp.file("a.wav"), a);
  const auto b = read_audio(tmp.file("a.wav"));
  EXPECT_EQ(b.sample_rate, 22050);
  ASSERT_EQ(b.samples.size(), a.samples.size());
  for (size_t i = 0; i < a.samples.size(); ++i) EXPECT_NEAR(b.samples[i], a.samples[i], 1.0 / 32768 + 1e-6);
  EXPECT_FALSE(b.silent());
  EXPECT_FALSE(fs::exists(tmp.file("a.wav.partial")));
  Audio quiet = a;
  for (auto& s : quiet.samples) s = 0;
  EXPECT_TRUE(quiet.silent());
}

TEST(AudioFile, UndecodableAndTruncatedFilesNameTheFile) {
  test::TempDir tmp;
  test::write_file(tmp.file("noise.wav"), "this is not audio at all, just text in a .wav file");
  try {
    read_audio(tmp.file("noise.wav"));
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("noise.wav"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_audio(tmp.file("missing.flac")), DataError);
  // A WAV cut inside its header.
  Audio a;
  a.sample_rate = 16000;
  a.samples.assign(1600, 0.25f);
  write_wav(tmp.file("whole.wav"), a);
  const auto bytes = test::read_file(tmp.file("whole.wav"));
  test::write_file(tmp.file("cut.wav"), bytes.substr(0, 30));
  EXPECT_THROW(read_audio(tmp.file("cut.wav")), DataError);
}

TEST(MakeAudio, DrawsAreSeededAndLabelled) {
  std::set<std::string> styles;
  for (const auto& [family, grooves] : style_families()) {
    styles.insert(family);
    EXPECT_FALSE(grooves.empty());
  }
  EXPECT_EQ(styles.size(), 8u);
  for (int64_t i = 0; i < 50; ++i) {
    const auto a = draw_clip(9, i), b = draw_clip(9, i);
    EXPECT_EQ(a.mma_text(4), b.mma_text(4));
    EXPECT_TRUE(styles.count(a.style));
    const auto tags = a.tags();
    ASSERT_EQ(tags.size(), 3u);
    EXPECT_TRUE(a.mode == "major" || a.mode == "minor");
    EXPECT_EQ(a.chords.size(), 4u);
  }
  EXPECT_NE(draw_clip(9, 0).mma_text(4) + draw_clip(9, 1).mma_text(4),
            draw_clip(10, 0).mma_text(4) + draw_clip(10, 1).mma_text(4));
}

// Renders 12 clips of 2 s twice (mma and fluidsynth, Debian packages that scripts/setup installs).
TEST(MakeAudio, SmallSetIsDecodableSplitAndTheSameTwice) {
  test::TempDir tmp;
  MakeAudioOptions o;
  o.clips = 12, o.seed = 3, o.seconds = 2.0, o.jobs = 2;
  o.out = tmp.file("set");
  const auto r = make_audio(o);
  EXPECT_EQ(r.clips, 12);
  int64_t tagged = 0;
  for (const auto& [tag, n] : r.tag_counts) tagged += n;
  EXPECT_EQ(tagged, 36);
  std::ifstream tsv(tmp.file("set/autotagging.tsv"));
  std::string line;
  std::getline(tsv, line);
  EXPECT_EQ(line.rfind("TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS", 0), 0u);
  int rows = 0;
  while (std::getline(tsv, line)) {
    ++rows;
    std::vector<std::string> cols;
    std::stringstream s(line);
    for (std::string c; std::getline(s, c, '\t');) cols.push_back(c);
    ASSERT_EQ(cols.size(), 8u) << line;
    const auto audio = read_audio(tmp.file("set/" + cols[3]));
    EXPECT_EQ(audio.sample_rate, 16000);
    EXPECT_EQ(audio.samples.size(), 32000u);
    EXPECT_FALSE(audio.silent()) << cols[3];
  }
  EXPECT_EQ(rows, 12);
  int split_rows = 0;
  for (const char* part : {"train", "validation", "test"}) {
    std::ifstream f(tmp.file(std::string("set/split-0/autotagging-") + part + ".tsv"));
    std::getline(f, line);
    while (std::getline(f, line)) ++split_rows;
  }
  EXPECT_EQ(split_rows, 12);
  EXPECT_FALSE(fs::exists(tmp.file(".set.partial")));
  // The same seed renders the same bytes, whatever the number of workers (each renders from a reset
  // synthesizer, so a clip does not depend on the clips its worker rendered before).
  o.out = tmp.file("again");
  o.jobs = 1;
  make_audio(o);
  for (const char* clip : {"000000", "000005", "000011"}) {
    EXPECT_EQ(test::read_file(tmp.file(std::string("set/audio/") + clip + ".wav")),
              test::read_file(tmp.file(std::string("again/audio/") + clip + ".wav")))
        << clip;
  }
  EXPECT_EQ(test::read_file(tmp.file("set/autotagging.tsv")),
            test::read_file(tmp.file("again/autotagging.tsv")));
  // An existing folder is refused; so is a missing soundfont, naming its package.
  EXPECT_THROW(make_audio(o), ConfigError);
  o.out = tmp.file("third");
  o.soundfont = tmp.file("none.sf2");
  try {
    make_audio(o);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("fluid-soundfont-gm"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(tmp.file("third")));
}

}  // namespace
}  // namespace emorec::data
