// The crowd check: Last.FM tag files read (latin-1 tags, normalised names, ambiguous names, malformed rows),
// word lists turned into moods, and the check's statistics on a generated catalogue (labelled synthetic)
// whose crowd tags are planted so that the answer is known.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "app/crowd_check.h"
#include "app/crowd_moods.h"
#include "app/synthetic_catalogue.h"
#include "core/error.h"
#include "test_util.h"

namespace emorec::app {
namespace {

const std::string kArtistsHeader = "id\tname\turl\tpictureURL\r\n";
const std::string kTagsHeader = "tagID\ttagValue\n";
const std::string kTaggedHeader = "userID\tartistID\ttagID\tday\tmonth\tyear\r\n";

std::string words_config() {
  return std::string(EMOREC_SOURCE_DIR) + "/configs/crowd/moods.yaml";
}

TEST(CrowdTags, NamesAndTagsAreNormalisedAndLatin1BecomesUtf8) {
  test::TempDir d;
  test::write_file(d.file("artists.dat"), kArtistsHeader + "1\tAC/DC\tu\tp\r\n2\tBj\xc3\xb6rk\tu\tp\r\n" +
                                              "3\tFoo\tu\tp\r\n4\tFOO!\tu\tp\r\n");
  test::write_file(d.file("tags.dat"),
                   kTagsHeader + "10\tChill-Out\n11\tchill out\n12\tm\xe9lancolique\n13\tsad\n");
  test::write_file(d.file("user_taggedartists.dat"),
                   kTaggedHeader +
                       "5\t1\t10\t1\t1\t2008\r\n6\t1\t11\t1\t1\t2008\r\n5\t2\t12\t1\t1\t2008\r\n" +
                       "7\t2\t13\t1\t1\t2009\r\n");
  const auto t = read_crowd_tags(d.path());
  EXPECT_EQ(t.artist_by_name.at("ac dc"), 1);
  EXPECT_EQ(t.artist_by_name.at("bj\xc3\xb6rk"), 2);
  EXPECT_EQ(t.artist_by_name.at("foo"), -1);  // two artists of one name
  EXPECT_EQ(t.taggings.at(1).at("chill out"), 2);
  EXPECT_EQ(t.taggings.at(2).at("m\xc3\xa9lancolique"), 1);
  const auto cfg = load_crowd_mood_config(words_config());
  const std::vector<std::string> moods = {"Happy", "Sad", "Energetic", "Calm"};
  EXPECT_EQ(crowd_moods_of(t.taggings.at(1), moods, cfg), (std::vector<char>{0, 0, 0, 1}));
  EXPECT_EQ(crowd_moods_of(t.taggings.at(2), moods, cfg), (std::vector<char>{0, 1, 0, 0}));
  const auto twice = load_crowd_mood_config(words_config(), {"min_taggings=2"});
  EXPECT_EQ(crowd_moods_of(t.taggings.at(1), moods, twice), (std::vector<char>{0, 0, 0, 1}));  // chill out x2
  EXPECT_EQ(crowd_moods_of(t.taggings.at(2), moods, twice), (std::vector<char>{0, 0, 0, 0}));
}

TEST(CrowdTags, MalformedRowsNameFileAndLine) {
  test::TempDir d;
  test::write_file(d.file("artists.dat"), kArtistsHeader + "1\tA\tu\tp\r\n");
  test::write_file(d.file("tags.dat"), kTagsHeader + "10\tsad\n");
  test::write_file(d.file("user_taggedartists.dat"),
                   kTaggedHeader + "5\t1\t10\t1\t1\t2008\r\n5\t1\t99\t1\t1\t2008\r\n");
  try {
    read_crowd_tags(d.path());
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("user_taggedartists.dat:3: tagID 99 is not in tags.dat"),
              std::string::npos)
        << e.what();
  }
  test::write_file(d.file("user_taggedartists.dat"), kTaggedHeader + "5\tx\t10\t1\t1\t2008\r\n");
  EXPECT_THROW(read_crowd_tags(d.path()), DataError);
  test::write_file(d.file("user_taggedartists.dat"), kTaggedHeader + "5\t1\t10\t1\t1\r\n");  // a field short
  EXPECT_THROW(read_crowd_tags(d.path()), DataError);
}

TEST(CrowdMoodConfig, IsStrict) {
  EXPECT_NO_THROW(load_crowd_mood_config(words_config()));
  EXPECT_THROW(load_crowd_mood_config(words_config(), {"words.Angry=[mad]"}), ConfigError);
  EXPECT_THROW(load_crowd_mood_config(words_config(), {"min_taggings=0"}), ConfigError);
  EXPECT_THROW(load_crowd_mood_config(words_config(), {"top_k=[0]"}), ConfigError);
  EXPECT_THROW(load_crowd_mood_config(words_config(), {"words.Sad=['  ']"}), ConfigError);
  EXPECT_THROW(load_crowd_mood_config("/no/such.yaml"), ConfigError);
}

TEST(CrowdCheck, PlantedTagsGiveTheKnownAnswer) {
  // 2,000 synthetic tracks; each of the 200 artists plays in one quadrant (mood) only: artists 0-49 Happy,
  // 50-99 Sad, 100-149 Energetic, 150-199 Calm. The crowd tags the Happy artists "happy" and the others
  // "chill"; one artist in four is unknown to the crowd.
  auto c = synthetic_catalogue(2000, 200, 3);
  for (size_t i = 0; i < c.tracks.size(); ++i) {
    c.tracks[i].artist =
        "synthetic artist " + std::to_string(c.tracks[i].mood * 50 + static_cast<int>(i % 50));
  }
  CrowdTags tags;
  for (int64_t a = 0; a < 200; ++a) {
    if (a % 4 == 3) continue;
    tags.artist_by_name["synthetic artist " + std::to_string(a)] = a;
    tags.taggings[a][a < 50 ? "happy" : "chill"] = 1;
  }
  const auto cfg = load_crowd_mood_config(words_config(), {"bootstrap=200", "top_k=[20,50]"});
  const auto r = crowd_check(c, std::string(EMOREC_SOURCE_DIR) + "/configs/app/default.yaml", cfg, tags);
  EXPECT_EQ(r.catalogue_artists, 200);
  EXPECT_EQ(r.matched_artists, 150);
  EXPECT_EQ(r.labelled_artists, 150);
  EXPECT_EQ(r.agreement[0].artists, 38);  // 50 Happy artists, 12 of them unknown
  EXPECT_DOUBLE_EQ(r.agreement[0].probability.auc,
                   1.0);  // p(Happy) 0.7 for the Happy artists, 0.1 for others
  EXPECT_DOUBLE_EQ(r.agreement[0].probability.lo, 1.0);
  EXPECT_TRUE(std::isnan(r.agreement[1].probability.auc));   // nobody is tagged Sad
  EXPECT_NEAR(r.base_rate[0] + r.base_rate[3], 1.0, 1e-12);  // every labelled artist carries exactly one
  ASSERT_EQ(r.lists.size(), 3u * 7u * 2u);                   // 3 policies x 7 emotions x 2 lengths
  for (const auto& l : r.lists) {
    EXPECT_LE(l.labelled, l.k);
    if (l.labelled > 0) {
      EXPECT_NEAR(l.share[0] + l.share[3], 1.0, 1e-12);
    }
  }
  // A happy face under match gets happier crowd moods than a sad one.
  const auto share = [&](const std::string& emotion) {
    for (const auto& l : r.lists) {
      if (l.emotion == emotion && l.policy == "match" && l.k == 50) return l.share[0];
    }
    return -1.0;
  };
  EXPECT_GT(share("happy"), 0.9);
  EXPECT_LT(share("sad"), 0.1);
  // A mood without words is refused.
  auto no_calm = cfg;
  no_calm.words["Calm"].clear();
  EXPECT_THROW(crowd_check(c, std::string(EMOREC_SOURCE_DIR) + "/configs/app/default.yaml", no_calm, tags),
               ConfigError);
}

}  // namespace
}  // namespace emorec::app
