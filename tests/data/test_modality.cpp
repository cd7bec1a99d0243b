// Modality feature files (widths, fallbacks for missing items, errors that name the file, line and column) and
// the Last.FM tag modality (TF-IDF on a hand-computed case, counts on the real files).
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <fstream>

#include "core/error.h"
#include "data/kg_dataset.h"
#include "data/kg_modalities.h"
#include "data/kgcn_lastfm.h"
#include "data/lastfm_tags.h"
#include "data/mkgcn_music_d.h"
#include "data/modality.h"
#include "test_util.h"

namespace emorec::data {
namespace {

const std::unordered_map<std::string, int64_t> kItems = {{"a", 0}, {"b", 1}, {"c", 2}};

std::string write(const test::TempDir& dir, const std::string& text) {
  const std::string path = dir.path() + "/modal_3.tsv";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(Modality, ReadsRowsAndFillsMissingItems) {
  test::TempDir dir;
  const auto path = write(dir, "b\t1\t2\r\na\t3\t4.5\r\nzz\t9\t9\r\n");
  const auto zeros = read_modality_file(path, kItems, MissingModality::kZeros);
  EXPECT_EQ(zeros.name, "modal_3");
  EXPECT_EQ(zeros.width, 2);
  EXPECT_EQ(zeros.values, (std::vector<float>{3, 4.5f, 1, 2, 0, 0}));
  EXPECT_EQ(zeros.present, (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(zeros.unknown_rows, 1);
  const auto mean = read_modality_file(path, kItems, MissingModality::kMean);
  EXPECT_EQ(mean.values, (std::vector<float>{3, 4.5f, 1, 2, 2, 3.25f}));
  EXPECT_THROW(read_modality_file(path, kItems, MissingModality::kError), DataError);
}

TEST(Modality, SkipsAHeaderRowOnlyOnTheFirstLine) {
  test::TempDir dir;
  for (const std::string header : {"itemID\tf1\tf2\r\n", "itemID\tfeatures\r\n", "\r\nitem\tx\ty\r\n"}) {
    const auto t = read_modality_file(write(dir, header + "b\t1\t2\r\n"), kItems, MissingModality::kZeros);
    EXPECT_EQ(t.width, 2) << header;
    EXPECT_EQ(t.values, (std::vector<float>{0, 0, 1, 2, 0, 0})) << header;
    EXPECT_EQ(t.unknown_rows, 0) << header;
  }
}

std::string error_of(const std::string& text) {
  test::TempDir dir;
  try {
    read_modality_file(write(dir, text), kItems, MissingModality::kZeros);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(Modality, MalformedFilesNameTheLineAndColumn) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a\t1\t2\nb\t1\n", "modal_3.tsv:2: 1 features, but the first row has 2"},
      {"a\t1\tx\n", "modal_3.tsv:1: column 3: bad feature value \"x\""},
      {"a\t1\tnan\n", "modal_3.tsv:1: column 3: bad feature value \"nan\""},
      {"a\t1\n\na\t2\n", "modal_3.tsv:3: item a appears twice"},
      {"a\n", "modal_3.tsv:1: expected itemID<TAB>f1<TAB>f2..., got no features"},
      {"", "modal_3.tsv: the file is empty"},
      {"zz\t1\t1e999\n", "modal_3.tsv:1: column 3: bad feature value \"1e999\""},
      {"a\t1\t2\nitemID\tf1\tf2\n", "modal_3.tsv:2: column 2: bad feature value \"f1\""},  // not a header here
      {"itemID\tf1\n", "modal_3.tsv: no feature rows"},
      {"zz\tx\t1\n", "modal_3.tsv:1: column 2: bad feature value \"x\""},  // a number in it: not a header
      {"itemID\n", "modal_3.tsv:1: expected itemID<TAB>f1<TAB>f2..., got no features"},
  };
  for (const auto& [text, expected] : cases) {
    const auto got = error_of(text);
    EXPECT_NE(got.find(expected), std::string::npos) << "expected \"" << expected << "\", got \"" << got << "\"";
  }
}

}  // namespace
}  // namespace emorec::data

namespace emorec::data {
namespace {

TEST(LastfmTags, TfIdfOfAHandComputedCase) {
  test::TempDir dir;
  // Artists 10, 20, 30 are items 0, 1, 2; artist 99 is not an item. Tag 1 is on items 0 and 1 (item 0 twice),
  // tag 2 on item 0 only, tag 3 only on the non-item; item 2 has no tag.
  std::ofstream(dir.path() + "/user_taggedartists.dat", std::ios::binary)
      << "userID\tartistID\ttagID\tday\tmonth\tyear\r\n"
      << "1\t10\t1\t1\t1\t2009\r\n2\t10\t1\t1\t1\t2009\r\n1\t20\t1\t1\t1\t2009\r\n1\t10\t2\t1\t1\t2009\r\n"
      << "1\t99\t3\t1\t1\t2009\r\n";
  const std::unordered_map<int64_t, int64_t> items = {{10, 0}, {20, 1}, {30, 2}};
  const auto t = lastfm_tag_modality(dir.path(), items, {1, MissingModality::kZeros});
  ASSERT_EQ(t.width, 2);  // tags 1 and 2 (tag 3 is on no item)
  EXPECT_EQ(t.present, (std::vector<uint8_t>{1, 1, 0}));
  // n_tagged = 2. Item 0: tag 1 (1 + ln 2) * ln(2/2) = 0, tag 2: 1 * ln(2/1) -> normalised (0, 1).
  // Item 1: tag 1 only, weight 0: a zero row (present, but its tags are on every tagged item).
  EXPECT_FLOAT_EQ(t.values[0], 0.0f);
  EXPECT_FLOAT_EQ(t.values[1], 1.0f);
  EXPECT_FLOAT_EQ(t.values[2], 0.0f);
  EXPECT_FLOAT_EQ(t.values[3], 0.0f);
  // min_items = 2 keeps tag 1 only.
  EXPECT_EQ(lastfm_tag_modality(dir.path(), items, {2, MissingModality::kZeros}).width, 1);
  EXPECT_THROW(lastfm_tag_modality(dir.path(), items, {1, MissingModality::kError}), DataError);
}

TEST(LastfmTags, RealFilesTagMostKgcnItems) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  EMOREC_REQUIRE_DATASET("hetrec2011-lastfm-2k");
  const auto items = read_kgcn_lastfm_items(test::data_root() + "/kgcn-lastfm/item_index2entity_id.txt");
  const auto dir = test::data_root() + "/hetrec2011-lastfm-2k";
  auto present = [](const ModalityTable& t) {
    int64_t n = 0;
    for (auto p : t.present) n += p;
    return n;
  };
  // Counted directly from the files: 3,083 of the 3,846 items have a tag (SOURCE.md); 4,026 distinct tags are
  // on them, 911 of which are on at least 5 items, and those 911 cover 2,989 items.
  const auto all = lastfm_tag_modality(dir, items.artist_to_item, {1, MissingModality::kZeros});
  EXPECT_EQ(all.width, 4026);
  EXPECT_EQ(present(all), 3083);
  const auto kept = lastfm_tag_modality(dir, items.artist_to_item, {5, MissingModality::kMean});
  EXPECT_EQ(kept.width, 911);
  EXPECT_EQ(present(kept), 2989);
  // Present rows are unit vectors unless every kept tag of the item has idf 0.
  const auto row = torch::from_blob(const_cast<float*>(kept.values.data()), {3846, 911});
  const auto norms = row.norm(2, 1);
  EXPECT_NEAR(norms.max().item<float>(), 1.0f, 1e-5);
}

}  // namespace
}  // namespace emorec::data

// data.modalities through load_kg_dataset: files in MKGCN's form (header row included) and the built-in tags.
namespace emorec::data {
namespace {

config::DataConfig music_d_config() {
  KgFileConfig keys;
  keys.rating_threshold = 5;
  keys.negatives = "proportional";
  keys.split = {0.7, 0.1, 0.2};
  config::DataConfig c;
  c.dataset = "mkgcn-music-d";
  c.root = test::data_root();
  c.options = config::make_options(keys);
  return c;
}

KgFileConfig& files(config::DataConfig& c) { return c.options.as<KgFileConfig>(); }

TEST(KgModalities, FilesNamedInTheConfigAreReadAgainstTheItemIds) {
  EMOREC_REQUIRE_DATASET("mkgcn-music-d");
  const auto items = read_music_d_items(test::data_root() + "/mkgcn-music-d/itemID2entityID.txt");
  std::vector<std::string> ids;
  for (const auto& [id, index] : items.by_item_id) {
    if (index < 3) ids.push_back(id);
  }
  ASSERT_EQ(ids.size(), 3u);
  test::TempDir dir;
  const auto path = dir.path() + "/modal_6.tsv";
  std::ofstream(path, std::ios::binary) << "itemID\tf1\tf2\tf3\tf4\r\n" << ids[0] << "\t1\t2\t3\t4\r\n"
                                        << ids[1] << "\t0\t0\t0\t1\r\n" << ids[2] << "\t5\t5\t5\t5\r\n";
  auto c = music_d_config();
  files(c).modalities = {path};
  const auto ds = load_kg_dataset(c, 1);
  ASSERT_EQ(ds.modalities.size(), 1u);
  const auto& t = ds.modalities[0];
  EXPECT_EQ(t.name, "modal_6");
  EXPECT_EQ(t.width, 4);
  EXPECT_EQ(t.present.size(), 4836u);
  int64_t present = 0;
  for (auto p : t.present) present += p;
  EXPECT_EQ(present, 3);
  EXPECT_NE(ds.summary().find("modal_6 (width 4, 3 of 4836 items)"), std::string::npos) << ds.summary();

  files(c).modality_missing = "error";
  EXPECT_THROW(load_kg_dataset(c, 1), DataError);
  files(c).modalities = {"modals/modal_0.tsv"};  // relative to the data set's folder, and not there
  try {
    load_kg_dataset(c, 1);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("mkgcn-music-d/modals/modal_0.tsv"), std::string::npos) << e.what();
  }
  files(c).modalities = {kLastfmTags};
  EXPECT_THROW(load_kg_dataset(c, 1), ConfigError);
}

TEST(KgModalities, LastfmTagsAreBuiltIn) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  EMOREC_REQUIRE_DATASET("hetrec2011-lastfm-2k");
  LastfmDataConfig keys;
  keys.modalities = {kLastfmTags};
  keys.tag_min_items = 5;
  config::DataConfig c;
  c.dataset = "kgcn-lastfm";
  c.root = test::data_root();
  c.options = config::make_options(keys);
  const auto ds = load_kg_dataset(c, 1);
  ASSERT_EQ(ds.modalities.size(), 1u);
  EXPECT_EQ(ds.modalities[0].width, 911);  // as LastfmTags.RealFilesTagMostKgcnItems counts
}

}  // namespace
}  // namespace emorec::data
