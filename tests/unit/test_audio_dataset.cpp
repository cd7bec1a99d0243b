// The audio data set (data/audio/audio_dataset.h): WAV files at 22.05 kHz resampled to 16 kHz, log-mels
// through the checksummed cache (rebuilt when the audio changes or the file is damaged), undecodable and
// silent files counted and named, random training chunks and whole-track evaluation chunks.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "data/audio/audio_dataset.h"
#include "data/audio/audio_file.h"
#include "test_util.h"

namespace emorec::data {
namespace {
namespace fs = std::filesystem;

struct Fixture {
  test::TempDir tmp;
  config::DataConfig data;
  AudioDataConfig keys;
  // t0-t3 train, t4 t5 eval, t6 t7 test; t8 (train) is not audio, t9 (eval) is silent, t10 (train) is 0.1 s.
  Fixture() {
    fs::create_directories(tmp.file("set/audio"));
    fs::create_directories(tmp.file("set/split-0"));
    const char* header = "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n";
    std::string all = header, parts[3] = {header, header, header};
    const int split_of[11] = {0, 0, 0, 0, 1, 1, 2, 2, 0, 1, 0};
    for (int i = 0; i < 11; ++i) {
      const std::string path = "audio/" + std::to_string(i) + ".wav";
      const bool high = i % 2 == 1;
      if (i == 8) {
        test::write_file(tmp.file("set/" + path), "RIFF, but not really a WAV file");
      } else {
        Audio a;
        a.sample_rate = 22050;
        const int n = i == 10 ? 2205 : 22050;
        for (int k = 0; k < n; ++k) {
          a.samples.push_back(
              i == 9 ? 0.0f
                     : 0.4f * static_cast<float>(std::sin(2 * M_PI * (high ? 2000.0 : 300.0) * k / 22050.0)));
        }
        write_wav(tmp.file("set/" + path), a);
      }
      const std::string row = "t" + std::to_string(i) + "\ta\tb\t" + path + "\t1.0\t" +
                              (high ? "pitch---high" : "pitch---low") + "\tsource---sine\n";
      all += row;
      parts[split_of[i]] += row;
    }
    test::write_file(tmp.file("set/autotagging.tsv"), all);
    test::write_file(tmp.file("set/split-0/autotagging-train.tsv"), parts[0]);
    test::write_file(tmp.file("set/split-0/autotagging-validation.tsv"), parts[1]);
    test::write_file(tmp.file("set/split-0/autotagging-test.tsv"), parts[2]);
    keys.path = tmp.file("set/autotagging.tsv");
    keys.cache_dir = tmp.file("cache");
    keys.mel.n_mels = 32;
    keys.chunk_frames = 16;
    data.dataset = "audio-mma";
    data.options = config::make_options(keys);
  }
  AudioDataset load() { return load_audio_dataset(data, torch::kCPU); }
};

TEST(AudioDataset, CountsAndNamesUnusableFilesAndSplits) {
  Fixture f;
  const auto ds = f.load();
  EXPECT_TRUE(ds.cache_rebuilt);
  EXPECT_EQ(ds.undecodable, 1);
  EXPECT_EQ(ds.silent, 1);
  EXPECT_EQ(ds.short_tracks, 1);
  EXPECT_EQ(ds.train, (std::vector<int64_t>{0, 1, 2, 3, 10}));
  EXPECT_EQ(ds.eval, (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(ds.test, (std::vector<int64_t>{6, 7}));
  ASSERT_EQ(ds.problems.size(), 2u);
  EXPECT_NE(ds.problems[0].find("8.wav"), std::string::npos) << ds.problems[0];
  EXPECT_NE(ds.problems[1].find("9.wav: silent"), std::string::npos) << ds.problems[1];
  EXPECT_EQ(ds.table.tags, (std::vector<std::string>{"pitch---high", "pitch---low", "source---sine"}));
  EXPECT_EQ(ds.labels[1].sum().item<float>(), 2.0f);
  EXPECT_EQ(ds.labels[1][0].item<float>(), 1.0f);
  // One second at 22.05 kHz is 16,000 samples at 16 kHz: 1 + 16000 / 256 = 63 centred frames.
  EXPECT_EQ(ds.count[0], 63);
  EXPECT_EQ(ds.count[10], 7);
}

TEST(AudioDataset, FramesEqualTheFileMelAndTheBandsFollowThePitch) {
  Fixture f;
  const auto ds = f.load();
  const auto direct = audio_file_mel(f.tmp.file("set/audio/0.wav"), f.keys, torch::kCPU);  // [32, 63]
  const auto cached = ds.frames.narrow(0, ds.start[0], ds.count[0]).t().to(torch::kFloat);
  // float16 storage: dB values within 0.1 of the float32 ones.
  EXPECT_LT((cached - direct).abs().max().item<double>(), 0.1);
  // The 2 kHz track's loudest band lies above the 300 Hz track's.
  const auto loudest = [&](int64_t t) { return ds.chunk(t, 20).mean(1).argmax().item<int64_t>(); };
  EXPECT_GT(loudest(1), loudest(0) + 5);
}

TEST(AudioDataset, CacheIsReusedAndRebuiltWhenTheAudioChangesOrTheFileIsDamaged) {
  Fixture f;
  const auto first = f.load();
  const auto again = f.load();
  EXPECT_FALSE(again.cache_rebuilt);
  EXPECT_TRUE(again.frames.equal(first.frames));
  // A damaged byte near the end of the payload fails the checksum.
  {
    std::fstream file(first.cache_path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-3, std::ios::end);
    file.put('\x55');
  }
  auto rebuilt = f.load();
  EXPECT_TRUE(rebuilt.cache_rebuilt);
  EXPECT_TRUE(rebuilt.frames.equal(first.frames));
  // A truncated cache is rebuilt too.
  fs::resize_file(first.cache_path, fs::file_size(first.cache_path) / 2);
  EXPECT_TRUE(f.load().cache_rebuilt);
  // New audio for a track is decoded again.
  Audio a;
  a.sample_rate = 16000;
  a.samples.assign(32000, 0.25f);
  a.samples[0] = -0.25f;
  write_wav(f.tmp.file("set/audio/3.wav"), a);
  const auto changed = f.load();
  EXPECT_TRUE(changed.cache_rebuilt);
  EXPECT_EQ(changed.count[3], 126);
}

TEST(AudioDataset, TrainingChunksAreSeededAndEvaluationCoversTheTrack) {
  Fixture f;
  const auto ds = f.load();
  const auto a = ds.random_chunks({0, 1, 10}, 7), b = ds.random_chunks({0, 1, 10}, 7);
  EXPECT_EQ(a.sizes(), (std::vector<int64_t>{3, 32, 16}));
  EXPECT_TRUE(a.equal(b));
  // The short track is padded with its lowest value.
  const auto short_track = ds.chunk(10, 0);
  EXPECT_EQ(short_track.size(1), 16);
  EXPECT_TRUE(short_track.narrow(1, 7, 9).eq(short_track.narrow(1, 0, 7).min()).all().item<bool>());
  // 63 frames in chunks of 16: 4 chunks, evenly spaced from frame 0 to frame 47.
  const auto e = ds.eval_chunks(0);
  ASSERT_EQ(e.size(0), 4);
  EXPECT_TRUE(e[0].equal(ds.chunk(0, 0)));
  EXPECT_TRUE(e[3].equal(ds.chunk(0, 47)));
  EXPECT_TRUE(e[1].equal(ds.chunk(0, 16)));
  EXPECT_EQ(ds.eval_chunks(10).size(0), 1);
}

TEST(AudioDataset, MissingTagsFileIsAnErrorNamingIt) {
  Fixture f;
  f.keys.path = f.tmp.file("set/nothing.tsv");
  f.data.options = config::make_options(f.keys);
  try {
    f.load();
    FAIL() << "a missing tags file was accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("nothing.tsv"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace emorec::data
