// The loaders on malformed copies of the real files (truncated line, bad id, bad header, CRLF/LF mix,
// missing files): clear errors naming the file and line, or identical results where the input is fine.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/kgcn_lastfm.h"
#include "test_util.h"

namespace emorec::data {
namespace {

// A copy of the kgcn-lastfm folder in a temp dir, with `edit` applied to one file's text.
struct Copy {
  test::TempDir dir;
  explicit Copy(const std::string& file = "", const std::function<std::string(std::string)>& edit = nullptr) {
    for (const char* f : {"kg.txt", "item_index2entity_id.txt", "user_artists.dat"}) {
      std::string text = test::read_file(test::data_root() + "/kgcn-lastfm/" + f);
      if (file == f) text = edit(text);
      test::write_file(dir.file(f), text);
    }
  }
};

std::string error_of(const Copy& copy) {
  try {
    load_kgcn_lastfm(copy.dir.path(), 0.0, 1);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError";
  return "";
}

// Replaces line `n` (1-based, without its ending) with `with`.
std::function<std::string(std::string)> replace_line(int n, const std::string& with) {
  return [=](std::string text) {
    size_t start = 0;
    for (int i = 1; i < n; ++i) start = text.find('\n', start) + 1;
    size_t end = text.find('\n', start);
    if (end > start && text[end - 1] == '\r') --end;
    return text.replace(start, end - start, with);
  };
}

TEST(Malformed, TruncatedLineNamesFileAndLine) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  Copy copy("user_artists.dat", replace_line(5, "2\t55"));
  const auto msg = error_of(copy);
  EXPECT_NE(msg.find(copy.dir.file("user_artists.dat") + ":5: expected 3 tab-separated fields, got 2"),
            std::string::npos)
      << msg;
  // The file cut in the middle of its last line.
  Copy cut("kg.txt", [](std::string t) { return t.substr(0, t.size() - 8); });
  EXPECT_NE(error_of(cut).find("kg.txt:15518: expected 3 tab-separated fields"), std::string::npos) << error_of(cut);
}

TEST(Malformed, BadIdNamesFileAndLine) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  Copy copy("item_index2entity_id.txt", replace_line(3, "4x\t2"));
  EXPECT_NE(error_of(copy).find("item_index2entity_id.txt:3: bad artistID \"4x\" (expected a non-negative integer)"),
            std::string::npos)
      << error_of(copy);
  Copy neg("user_artists.dat", replace_line(2, "2\t51\tlots"));
  EXPECT_NE(error_of(neg).find("user_artists.dat:2: bad weight \"lots\""), std::string::npos) << error_of(neg);
  Copy dup("item_index2entity_id.txt", replace_line(2, "2\t77"));  // line 1 is artist 2
  EXPECT_NE(error_of(dup).find("item_index2entity_id.txt:2: artistID 2 appears twice"), std::string::npos)
      << error_of(dup);
}

TEST(Malformed, BadHeader) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  Copy copy("user_artists.dat", replace_line(1, "user\tartist\tweight"));
  EXPECT_NE(error_of(copy).find("user_artists.dat:1: expected the header \"userID\tartistID\tweight\""),
            std::string::npos);
}

TEST(Malformed, LineEndingsDoNotMatter) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  auto strip_cr = [](std::string t) {
    t.erase(std::remove(t.begin(), t.end(), '\r'), t.end());
    return t;
  };
  auto mix = [](std::string t) {  // CRLF on every other line
    std::string out;
    int line = 0;
    for (char c : t) {
      if (c == '\r') continue;
      if (c == '\n' && ++line % 2) out += '\r';
      out += c;
    }
    return out;
  };
  const auto reference = load_kgcn_lastfm(test::data_root() + "/kgcn-lastfm", 0.0, 3);
  for (const auto& edit : {std::function<std::string(std::string)>(strip_cr), std::function<std::string(std::string)>(mix)}) {
    Copy copy("kg.txt", edit);
    const auto raw = load_kgcn_lastfm(copy.dir.path(), 0.0, 3);
    EXPECT_EQ(raw.kg.triples, reference.kg.triples);
    EXPECT_EQ(raw.kg.relation_names, reference.kg.relation_names);
    EXPECT_EQ(raw.interactions.item, reference.interactions.item);
  }
}

TEST(Malformed, MissingDataSetSaysWhereItLookedAndWhatToDo) {
  test::TempDir empty;
  try {
    require_dataset(empty.path(), "from $EMOREC_DATA", "kgcn-lastfm");
    FAIL();
  } catch (const DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("data set kgcn-lastfm not found: looked in " + empty.path() + "/kgcn-lastfm"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("kg.txt, item_index2entity_id.txt, user_artists.dat"), std::string::npos);
    EXPECT_NE(msg.find("Point EMOREC_DATA or data.root"), std::string::npos);
  }
}

TEST(Malformed, DataRootResolutionOrder) {
  const char* before = std::getenv("EMOREC_DATA");
  const std::string saved = before ? before : "";
  std::string how;
  EXPECT_EQ(resolve_data_root("/x", &how), "/x");
  EXPECT_EQ(how, "from data.root in the config");
  ::setenv("EMOREC_DATA", "/from/env", 1);
  EXPECT_EQ(resolve_data_root("", &how), "/from/env");
  ::unsetenv("EMOREC_DATA");
  EXPECT_EQ(resolve_data_root("", &how), "../shared/data");
  if (before) ::setenv("EMOREC_DATA", saved.c_str(), 1);
}

}  // namespace
}  // namespace emorec::data
