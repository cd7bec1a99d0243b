// Inputs built to exhaust memory get a clear error within bounded memory: a KG whose entity ids reach 2^40
// and beyond, a YAML alias bomb, a 1 GB line without a line break (a 100000 x 100000 image header: see
// tests/unit/test_face.cpp, Photo.TheSizeLimitIsCheckedBeforeDecoding). Each runs in its own process (ctest),
// so the peak resident set before and after bounds what the reader allocated.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "app/app_config.h"
#include "core/error.h"
#include "data/csv_table.h"
#include "data/fer/fer2013.h"
#include "data/kg_triples.h"
#include "data/text_table.h"
#include "run/components.h"
#include "run/reproduce_table.h"
#include "test_util.h"

namespace emorec {
namespace {

int64_t peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;  // kilobytes on Linux
}

// A sparse file of `bytes` zero bytes and no line break (takes no disk space).
std::string huge_line_file(const test::TempDir& dir, const std::string& name, const std::string& prefix,
                           int64_t bytes) {
  const auto path = dir.file(name);
  { std::ofstream(path, std::ios::binary) << prefix; }
  std::filesystem::resize_file(path, static_cast<std::uintmax_t>(bytes));
  return path;
}

TEST(Limits, KgEntityIdsAsLargeAs2To40AndBeyondCostNoMoreThanTheirCount) {
  test::TempDir tmp;
  const auto path = tmp.file("kg.txt");
  test::write_file(path, "1099511627776\tr\t4611686018427387904\n9223372036854775807\tr\t1099511627776\n");
  const int64_t before = peak_rss_mib();
  data::TsvOptions options;
  options.columns = 3;
  const auto kg = data::read_kg_triples(path, {{"1099511627776", 0}}, options);
  EXPECT_EQ(kg.n_entity, 3);  // ids are names: three entities, whatever their values
  EXPECT_EQ(kg.triples.size(), 2u);
  EXPECT_LT(peak_rss_mib() - before, 64 + test::kSanitizerQuarantineMib);
  // An id past 2^63 - 1 is not an id: a clear error naming the file and line.
  test::write_file(path, "1\tr\t2\n18446744073709551616\tr\t1\n");
  try {
    data::read_kg_triples(path, {{"1", 0}}, options);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("kg.txt:2"), std::string::npos) << e.what();
  }
}

// Nine levels of nine aliases: 9^9 (387 million) strings if expanded.
std::string alias_bomb(const std::string& indent) {
  std::string y = indent + "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (int i = 1; i < 10; ++i) {
    y += indent + "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) y += (j ? ", *a" : "*a") + std::to_string(i - 1);
    y += "]\n";
  }
  return y;
}

TEST(Limits, AYamlAliasBombIsRefusedQuicklyInBoundedMemory) {
  const int64_t before = peak_rss_mib();
  const auto t0 = std::chrono::steady_clock::now();
  // Where a string is expected, under an unknown key, and as a list of strings.
  for (const std::string& yaml :
       {"experiment: x\n" + alias_bomb("") + "description: *a9\n",
        "experiment: x\ndescription: y\nbombs:\n" + alias_bomb("  "),
        "experiment: x\ndescription: y\nanchors:\n" + alias_bomb("  ") +
            "data:\n  dataset: kgcn-lastfm\n  modalities: *a9\n"}) {
    EXPECT_THROW(run::parse_experiment(yaml, "bomb.yaml"), ConfigError);
  }
  EXPECT_THROW(run::parse_experiment("experiment: x\ndescription: y\n", "bomb.yaml", {"description=*a9"}),
               ConfigError);
  EXPECT_THROW(run::parse_table("name: t\n" + alias_bomb("") + "rows: *a9\n", "bomb.yaml"), ConfigError);
  test::TempDir tmp;
  test::write_file(tmp.file("app.yaml"), alias_bomb("") + "emotions: *a9\n");
  EXPECT_THROW(app::load_app_config(tmp.file("app.yaml")), ConfigError);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 30.0);
  EXPECT_LT(peak_rss_mib() - before, 256 + test::kSanitizerQuarantineMib);
}

TEST(Limits, AOneGigabyteLineIsAnErrorNamingTheFileNotAOneGigabyteAllocation) {
  test::TempDir tmp;
  const int64_t gib = int64_t{1} << 30;
  const int64_t before = peak_rss_mib();
  const auto expect_line_error = [](const std::function<void()>& read, const std::string& where) {
    try {
      read();
      ADD_FAILURE() << "expected a DataError for " << where;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(where + ": a line longer than"), std::string::npos) << e.what();
    }
  };
  // CSV (the mood tracks, FER2013's CSV), TSV (KG files, ratings, modalities).
  const auto csv = huge_line_file(tmp, "moods.csv", "name,mood\nx,", gib);
  expect_line_error([&] { data::for_each_csv_row(csv, {"name", "mood"}, [](const data::CsvRow&) {}); }, csv + ":2");
  const auto fer = huge_line_file(tmp, "fer2013.csv", "emotion,pixels,Usage\n0,", gib);
  expect_line_error([&] { data::read_fer_csv(fer); }, fer + ":2");
  const auto tsv = huge_line_file(tmp, "kg.txt", "", gib);
  expect_line_error([&] { data::for_each_tsv_row(tsv, {}, [](int64_t, const std::vector<std::string>&) {}); },
                    tsv + ":1");
  // A quote never closed: many short lines, one record.
  std::string lines = "name,mood\n\"x";
  for (int i = 0; i < 1000; ++i) lines += "\n" + std::string(80, 'y');
  test::write_file(tmp.file("quote.csv"), lines + "\n");
  EXPECT_THROW(data::for_each_csv_row(tmp.file("quote.csv"), {"name", "mood"}, [](const data::CsvRow&) {}),
               DataError);
  EXPECT_LT(peak_rss_mib() - before, 256 + test::kSanitizerQuarantineMib);  // the limit is 64 MiB a line
}

}  // namespace
}  // namespace emorec
