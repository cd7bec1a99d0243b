// FER2013 readers: counts of the real archive and sample CSV, the same images through every format, the
// decoded cache, and malformed inputs named by file and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <stb_image_write.h>

#include "core/error.h"
#include "data/fer/fer2013.h"
#include "data/fer/fer_cache.h"
#include "fer_fixture.h"
#include "test_util.h"

namespace emorec {
namespace {

namespace fs = std::filesystem;
using data::FerUsage;

std::string fer_dir() { return test::data_root() + "/fer2013"; }

void expect_message(const std::function<void()>& f, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "expected a DataError containing \"" << part << "\"";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(Fer2013, ArchiveHasTheOfficialCountsPerSplitAndClass) {
  EMOREC_REQUIRE_DATASET("fer2013");
  const auto images = data::read_fer_archive(fer_dir() + "/fer2013-images.tar.gz");
  ASSERT_EQ(images.size(), 35887);
  EXPECT_EQ(images.pixels.size(), 35887u * 2304u);
  // SOURCE.md's table, re-ordered into the CSV label order (angry, disgust, fear, happy, sad, surprise, neutral).
  const std::array<std::array<int64_t, 7>, 3> expected = {{{3995, 436, 4097, 7215, 4830, 3171, 4965},
                                                           {467, 56, 496, 895, 653, 415, 607},
                                                           {491, 55, 528, 879, 594, 416, 626}}};
  EXPECT_EQ(images.counts(), expected);
}

TEST(Fer2013, SampleCsvCountsAndLabels) {
  EMOREC_REQUIRE_DATASET("fer2013");
  const auto images = data::read_fer_csv(fer_dir() + "/fer2013-sample.csv");
  ASSERT_EQ(images.size(), 1166);
  const auto c = images.counts();
  EXPECT_EQ(c[0], (std::array<int64_t, 7>{176, 14, 189, 272, 182, 141, 192}));  // all rows are Training
  EXPECT_EQ(std::accumulate(c[1].begin(), c[1].end(), int64_t{0}) + std::accumulate(c[2].begin(), c[2].end(), int64_t{0}), 0);
  // The first row of the original file: label 0 (angry), pixels start 70 80 82.
  EXPECT_EQ(images.labels[0], 0);
  EXPECT_EQ(images.pixels[0], 70);
  EXPECT_EQ(images.pixels[1], 80);
  EXPECT_EQ(images.pixels[2], 82);
}

TEST(Fer2013, LabelOrderIsTheCsvsWhateverTheFolderNames) {
  const std::vector<std::string> csv_order = {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"};
  for (int k = 0; k < 7; ++k) EXPECT_EQ(data::fer_label_of(csv_order[static_cast<size_t>(k)]), k);
  EXPECT_EQ(data::fer_label_of("contempt"), -1);
}

TEST(Fer2013, CsvFolderAndArchiveGiveTheSameImagesAndLabels) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 60);
  const auto folder = data::read_fer_folder(f.folder);
  const auto archive = data::read_fer_archive(f.archive);
  for (const auto* got : {&folder, &archive}) {
    EXPECT_EQ(got->labels, f.expected.labels);
    EXPECT_EQ(got->usage, f.expected.usage);
    EXPECT_EQ(got->pixels, f.expected.pixels);
  }
  // The CSV keeps row order; as a multiset of (label, usage, pixels) it holds the same images.
  const auto csv = data::read_fer_csv(f.csv);
  ASSERT_EQ(csv.size(), 60);
  auto rows_of = [](const data::FerImages& im) {
    std::vector<std::string> rows;
    for (int64_t i = 0; i < im.size(); ++i) {
      const auto* px = im.pixels.data() + i * data::kFerPixels;
      rows.push_back(std::to_string(im.labels[static_cast<size_t>(i)]) + "/" + std::to_string(im.usage[static_cast<size_t>(i)]) +
                     "/" + std::string(px, px + data::kFerPixels));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  EXPECT_EQ(rows_of(csv), rows_of(folder));
  EXPECT_EQ(data::read_fer_source(f.folder).size(), 60);
  EXPECT_EQ(data::read_fer_source(f.csv).size(), 60);
  EXPECT_EQ(data::read_fer_source(f.archive).size(), 60);
}

TEST(Fer2013, CacheIsReusedAndRebuiltWhenTheSourceOrTheCacheChanges) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 30);
  const std::string cache_dir = tmp.file("cache");
  data::FerCacheInfo info;
  const auto first = data::load_fer_cached(f.archive, cache_dir, &info);
  EXPECT_TRUE(info.rebuilt);
  EXPECT_EQ(info.reason, "no cache yet");
  const auto second = data::load_fer_cached(f.archive, cache_dir, &info);
  EXPECT_FALSE(info.rebuilt);
  EXPECT_EQ(second.pixels, first.pixels);
  EXPECT_EQ(second.labels, first.labels);
  // A changed source (here: a newer modification time) is decoded again.
  fs::last_write_time(f.archive, fs::last_write_time(f.archive) + std::chrono::seconds(5));
  data::load_fer_cached(f.archive, cache_dir, &info);
  EXPECT_TRUE(info.rebuilt);
  EXPECT_EQ(info.reason, "the source changed");
  // A flipped byte in the cache's payload fails the checksum and is rebuilt.
  {
    std::fstream c(info.path, std::ios::in | std::ios::out | std::ios::binary);
    c.seekp(-100, std::ios::end);
    c.put('\x7f' ^ static_cast<char>(c.peek()));
  }
  const auto again = data::load_fer_cached(f.archive, cache_dir, &info);
  EXPECT_TRUE(info.rebuilt);
  EXPECT_EQ(info.reason, "checksum mismatch");
  EXPECT_EQ(again.pixels, first.pixels);
  // Moving an image to another emotion folder (same sizes and times) changes the labels: rebuilt too.
  {
    data::FerCacheInfo folder_info;
    data::load_fer_cached(f.folder, cache_dir, &folder_info);
    std::string moved;
    for (const auto& e : fs::recursive_directory_iterator(f.folder + "/train")) {
      if (e.is_regular_file() && e.path().parent_path().filename() != "surprise") moved = e.path().string();
    }
    fs::create_directories(f.folder + "/train/surprise");
    fs::rename(moved, f.folder + "/train/surprise/" + fs::path(moved).filename().string());
    data::load_fer_cached(f.folder, cache_dir, &folder_info);
    EXPECT_TRUE(folder_info.rebuilt);
    EXPECT_EQ(folder_info.reason, "the source changed");
  }
  // A truncated cache is rebuilt too.
  fs::resize_file(info.path, 50);
  data::load_fer_cached(f.archive, cache_dir, &info);
  EXPECT_TRUE(info.rebuilt);
}

TEST(Fer2013Malformed, CsvProblemsNameTheLine) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const std::string text = test::read_file(fer_dir() + "/fer2013-sample.csv");
  // Truncated in the middle of the last row's pixels (as an interrupted download ends).
  const std::string cut = text.substr(0, text.size() - 3000);
  test::write_file(tmp.file("cut.csv"), cut);
  expect_message([&] { data::read_fer_csv(tmp.file("cut.csv")); }, "cut.csv:1167:");
  // A short pixel list with its Usage intact.
  const auto line2 = text.find('\n') + 1;
  const auto line2_end = text.find('\n', line2);
  std::string row = text.substr(line2, line2_end - line2);
  const std::string usage = row.substr(row.rfind(','));
  std::string short_row = row.substr(0, row.rfind(' ')) + usage;
  test::write_file(tmp.file("short.csv"), "emotion,pixels,Usage\n" + short_row + "\n");
  expect_message([&] { data::read_fer_csv(tmp.file("short.csv")); }, "short.csv:2: expected 2304 pixel values");
  test::write_file(tmp.file("label.csv"), "emotion,pixels,Usage\n" + ("7" + row.substr(1)) + "\n");
  expect_message([&] { data::read_fer_csv(tmp.file("label.csv")); }, "label.csv:2: unknown emotion label \"7\"");
  test::write_file(tmp.file("usage.csv"), "emotion,pixels,Usage\n" + row.substr(0, row.rfind(',')) + ",Validation\n");
  expect_message([&] { data::read_fer_csv(tmp.file("usage.csv")); }, "usage.csv:2: unknown Usage \"Validation\"");
  test::write_file(tmp.file("pixel.csv"), "emotion,pixels,Usage\n" + row.substr(0, 2) + "300" + row.substr(row.find(' ', 2)) + "\n");
  expect_message([&] { data::read_fer_csv(tmp.file("pixel.csv")); }, "pixel.csv:2: pixel 1 is not an integer in 0..255");
  test::write_file(tmp.file("header.csv"), "label,pixels,usage\n" + row + "\n");
  expect_message([&] { data::read_fer_csv(tmp.file("header.csv")); }, "header.csv:1: expected the header");
}

TEST(Fer2013Malformed, ArchiveAndFolderProblemsNameTheFile) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 20);
  // A truncated download of the real archive.
  const std::string bytes = test::read_file(fer_dir() + "/fer2013-images.tar.gz").substr(0, 300000);
  test::write_file(tmp.file("cut.tar.gz"), bytes);
  expect_message([&] { data::read_fer_archive(tmp.file("cut.tar.gz")); }, "cut.tar.gz: ");
  // A corrupt image, an image of the wrong size, an unknown emotion and a file outside the naming scheme.
  const std::string happy = f.folder + "/train/happy";
  fs::create_directories(happy);
  test::write_file(happy + "/Training_bad.png", "not an image at all");
  expect_message([&] { data::read_fer_folder(f.folder); }, "Training_bad.png: cannot decode the image");
  fs::remove(happy + "/Training_bad.png");
  std::vector<uint8_t> small(40 * 40, 128);
  stbi_write_png((happy + "/Training_small.png").c_str(), 40, 40, 1, small.data(), 40);
  expect_message([&] { data::read_fer_folder(f.folder); }, "Training_small.png: expected a 48x48 image, got 40x40");
  fs::remove(happy + "/Training_small.png");
  std::string some_png;
  for (const auto& e : fs::recursive_directory_iterator(f.folder + "/train")) {
    if (e.is_regular_file()) some_png = e.path().string();
  }
  fs::create_directories(f.folder + "/train/bored");
  fs::copy_file(some_png, f.folder + "/train/bored/Training_1.png");
  expect_message([&] { data::read_fer_folder(f.folder); }, "unknown emotion folder \"bored\"");
  fs::remove_all(f.folder + "/train/bored");
  fs::copy_file(some_png, happy + "/Validation_1.png");
  expect_message([&] { data::read_fer_folder(f.folder); }, "does not start with Training_");
}

}  // namespace
}  // namespace emorec
