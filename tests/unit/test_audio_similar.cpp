// "Songs like this one" (run/audio_similar.h): reading embed-audio's modality files, their errors with file
// and line, the nearest rows by cosine similarity, and which row is the query track itself.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/error.h"
#include "run/audio_similar.h"
#include "test_util.h"

namespace emorec::run {
namespace {

std::string write(const test::TempDir& tmp, const std::string& text) {
  const auto path = tmp.file("embeddings.tsv");
  std::ofstream(path) << text;
  return path;
}

EmbeddingTable table_of(std::vector<std::string> ids) {
  EmbeddingTable t;
  t.ids = std::move(ids);
  t.values = torch::zeros({static_cast<int64_t>(t.ids.size()), 2});
  return t;
}

TEST(AudioSimilar, ReadsIdsAndValuesAndSkipsBlankLines) {
  test::TempDir tmp;
  const auto t = read_embeddings(write(tmp, "a\t1\t0\r\n\nsub/b\t0.5\t-2e-1\n"));
  ASSERT_EQ(t.ids, (std::vector<std::string>{"a", "sub/b"}));
  ASSERT_EQ(t.values.sizes(), (std::vector<int64_t>{2, 2}));
  EXPECT_FLOAT_EQ(t.values[1][0].item<float>(), 0.5f);
  EXPECT_FLOAT_EQ(t.values[1][1].item<float>(), -0.2f);
}

TEST(AudioSimilar, BadFilesNameTheFileAndLine) {
  test::TempDir tmp;
  const auto message = [&](const std::string& text) {
    try {
      read_embeddings(write(tmp, text));
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("a\t1\t2\nb\t1\n").find("embeddings.tsv:2: 1 values where the first row has 2"),
            std::string::npos);
  EXPECT_NE(message("a\t1\tx\n").find("embeddings.tsv:1: column 3 is \"x\""), std::string::npos);
  EXPECT_NE(message("a\t1\tnan\n").find("not a finite number"), std::string::npos);
  EXPECT_NE(message("a\t1\na\t2\n").find("embeddings.tsv:2: id a appears twice"), std::string::npos);
  EXPECT_NE(message("a 1 2\n").find("embeddings.tsv:1: expected an id and values"), std::string::npos);
  EXPECT_NE(message("\n").find("no embeddings"), std::string::npos);
  EXPECT_THROW(read_embeddings(tmp.file("absent.tsv")), DataError);
}

TEST(AudioSimilar, NearestIsByCosineBestFirstWithoutTheExcludedRow) {
  EmbeddingTable t = table_of({"east", "north", "self", "west", "northeast"});
  t.values = torch::tensor({1.f, 0.f, 0.f, 1.f, 2.f, 2.f, -1.f, 0.f, 1.f, 1.f}).reshape({5, 2});
  const auto query = torch::tensor({1.f, 1.f});
  const auto found = nearest(query, t, 3, "self");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].id, "northeast");  // cosine 1 (the identical "self" is left out)
  EXPECT_NEAR(found[0].similarity, 1.0, 1e-6);
  EXPECT_EQ(found[0].index, 4u);
  EXPECT_EQ(found[1].id, "east");  // east and north tie at 1/sqrt(2): by id
  EXPECT_EQ(found[2].id, "north");
  EXPECT_NEAR(found[2].similarity, 1 / std::sqrt(2.0), 1e-6);
  EXPECT_EQ(nearest(query, t, 100).size(), 5u);
  EXPECT_THROW(nearest(torch::ones({3}), t, 1), std::invalid_argument);
}

TEST(AudioSimilar, TheTrackIsTheLongestIdEndingItsPathAtAFolderBoundary) {
  // embed-audio --input lib: lib/a.wav -> "a", lib/sub/a.wav -> "sub/a", lib/xa.wav -> "xa".
  const auto t = table_of({"a", "sub/a", "xa", "sub/b"});
  EXPECT_EQ(id_of_track(t, "lib/sub/a.wav"), "sub/a");
  EXPECT_EQ(id_of_track(t, "/abs/lib/sub/a.flac"), "sub/a");
  EXPECT_EQ(id_of_track(t, "lib/a.wav"), "a");
  EXPECT_EQ(id_of_track(t, "a.wav"), "a");
  EXPECT_EQ(id_of_track(t, "lib/other/xa.wav"), "xa");
  EXPECT_EQ(id_of_track(t, "lib/ba.wav"), "");  // "a" ends "lib/ba", but not at a folder boundary
  EXPECT_EQ(id_of_track(t, "lib/sub/c.wav"), "");
}

}  // namespace
}  // namespace emorec::run
