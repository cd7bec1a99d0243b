// The MKGCN music-d loader on the real files (counts checked against SOURCE.md and a direct count of the
// files), and on small malformed copies: errors name the file, line and field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "data/mkgcn_music_d.h"
#include "test_util.h"

namespace emorec::data {
namespace {

namespace fs = std::filesystem;

std::string music_d_folder() {
  return test::data_root() + "/mkgcn-music-d";
}

TEST(MkgcnMusicD, RealFilesGiveTheReleasedCounts) {
  EMOREC_REQUIRE_DATASET("mkgcn-music-d");
  const auto items = read_music_d_items(music_d_folder() + "/itemID2entityID.txt");
  EXPECT_EQ(items.by_item_id.size(), 4836u);
  EXPECT_EQ(items.by_item_id.at("IRdXoGT7rx5IWzVd"), 0);  // the first row, despite its CRLF ending
  const auto raw = load_mkgcn_music_d(music_d_folder(), 0.0, 7, NegativeSampling::kUniform);
  EXPECT_EQ(raw.interactions.n_user, 5999);  // every user of the 56,492 ratings has a play count >= 0
  EXPECT_EQ(raw.interactions.n_item, 4836);
  EXPECT_EQ(raw.kg.triples.size(), 36264u);
  EXPECT_EQ(raw.kg.n_entity, 6775);
  EXPECT_EQ(raw.kg.n_relation, 1);
  EXPECT_EQ(raw.kg.relation_names.front(), "relation_100");
  // The authors' threshold: play count >= 5. Counted directly from the file: 4,838 users, 35,119 positives.
  const auto at5 = load_mkgcn_music_d(music_d_folder(), 5.0, 7, NegativeSampling::kPopularity);
  EXPECT_EQ(at5.interactions.n_user, 4838);
  EXPECT_EQ(at5.interactions.positives(), 35119);
  EXPECT_EQ(at5.interactions.size(), 2u * 35119u);
}

TEST(MkgcnMusicD, NegativesAreNeverRatedByTheUser) {
  EMOREC_REQUIRE_DATASET("mkgcn-music-d");
  const auto raw = load_mkgcn_music_d(music_d_folder(), 5.0, 3, NegativeSampling::kPopularity);
  const auto& x = raw.interactions;
  std::set<std::pair<int64_t, int64_t>> positive;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x.label[i] > 0.5f) positive.insert({x.user[i], x.item[i]});
  }
  for (size_t i = 0; i < x.size(); ++i) {
    if (x.label[i] < 0.5f) {
      EXPECT_FALSE(positive.count({x.user[i], x.item[i]})) << "row " << i;
    }
  }
}

// A copy of the three files with one line replaced, in a temporary folder.
struct Copy {
  test::TempDir dir;
  explicit Copy(const std::string& file = "", int64_t line = 0, const std::string& text = "") {
    for (const char* name : {"itemID2entityID.txt", "kg.txt", "userID2itemID4ratings.tsv"}) {
      std::ofstream out(dir.path() + "/" + name, std::ios::binary);
      if (std::string(name) == "itemID2entityID.txt") {
        out << "itemID\tentityID\r\nIRdXoGT7rx5IWzVd\t1\r\nTxA8fSsJyolTz34h\t2\r\n";
      } else if (std::string(name) == "kg.txt") {
        out << "head\trelation\ttail\r\n1\trelation_100\t3\r\n2\trelation_100\t3\r\n";
      } else {
        out << "userID\titemID\trating\r\n10\tIRdXoGT7rx5IWzVd\t7\r\n11\tTxA8fSsJyolTz34h\t9\r\n";
      }
    }
    if (file.empty()) return;
    std::ifstream in(dir.path() + "/" + file, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), {}), out;
    int64_t n = 1;
    size_t start = 0;
    for (size_t end; (end = all.find("\r\n", start)) != std::string::npos; start = end + 2, ++n) {
      out += (n == line ? text : all.substr(start, end - start)) + "\r\n";
    }
    std::ofstream(dir.path() + "/" + file, std::ios::binary) << out;
  }
};

std::string error_of(const Copy& c) {
  try {
    load_mkgcn_music_d(c.dir.path(), 5.0, 1, NegativeSampling::kUniform);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(MkgcnMusicD, SmallCopyLoads) {
  const auto raw = load_mkgcn_music_d(Copy().dir.path(), 5.0, 1, NegativeSampling::kUniform);
  EXPECT_EQ(raw.interactions.n_user, 2);
  EXPECT_EQ(raw.interactions.n_item, 2);
  EXPECT_EQ(raw.kg.n_entity, 3);
}

TEST(MkgcnMusicD, MalformedFilesNameTheFileLineAndField) {
  const std::vector<std::tuple<std::string, int64_t, std::string, std::string>> cases = {
      {"itemID2entityID.txt", 2, "IRdXoGT7rx5IWz\t1", "itemID2entityID.txt:2: bad itemID \"IRdXoGT7rx5IWz\""},
      {"itemID2entityID.txt", 3, "TxA8fSsJyolTz34h\t1", "itemID2entityID.txt:3: entityID 1 appears twice"},
      {"itemID2entityID.txt", 1, "item\tentity", "itemID2entityID.txt"},
      {"userID2itemID4ratings.tsv", 2, "10\tIRdXoGT7rx5IWzVd\tmany", "userID2itemID4ratings.tsv:2: bad rating (play count)"},
      {"userID2itemID4ratings.tsv", 3, "11\tTxA8fSsJyolTz3-h\t9", "userID2itemID4ratings.tsv:3: bad itemID"},
      {"kg.txt", 2, "1\trelation_100", "kg.txt:2"},
  };
  for (const auto& [file, line, text, expected] : cases) {
    const auto got = error_of(Copy(file, line, text));
    EXPECT_NE(got.find(expected), std::string::npos) << "expected \"" << expected << "\", got \"" << got << "\"";
    EXPECT_NE(got.find("mkgcn-music-d/SOURCE.md"), std::string::npos) << got;
  }
}

}  // namespace
}  // namespace emorec::data
