// The layer order of docs/ARCHITECTURE.md, checked over every include line under src/: a file may include its
// own layer and the layers below it, never one above (a lower layer reaching up is how a framework starts to
// knot; the config layer, for one, gets the registries' names as data instead of including them).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

namespace emorec {
namespace {

namespace fs = std::filesystem;

// Lowest first; "cuda" is kernels/cuda, included as "cuda/...". The operator library (ops) sits beside the
// framework's lower layers: it includes only itself and the kernels.
const std::map<std::string, int> kRank = {{"cuda", 0}, {"core", 1},   {"config", 2},  {"image", 3},
                                          {"face", 4}, {"data", 5},   {"metrics", 6}, {"ops", 7},
                                          {"dist", 8}, {"models", 9}, {"train", 10},  {"report", 11},
                                          {"run", 12}, {"app", 13},   {"serve", 14},  {"cli", 15}};

TEST(Layers, NoLayerIncludesAHigherOne) {
  const fs::path src = fs::path(EMOREC_SOURCE_DIR) / "src";
  const std::regex include_line(R"(^\s*#\s*include\s+"([a-z_]+)/)");
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(src)) {
    if (!e.is_regular_file()) continue;
    const auto ext = e.path().extension().string();
    if (ext != ".h" && ext != ".cpp" && ext != ".cuh" && ext != ".cu") continue;
    const std::string layer = e.path().lexically_relative(src).begin()->string();
    ASSERT_TRUE(kRank.count(layer)) << "src/" << layer << " is in no layer of docs/ARCHITECTURE.md";
    ++files;
    std::ifstream in(e.path());
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      std::smatch m;
      if (!std::regex_search(line, m, include_line)) continue;
      const auto it = kRank.find(m[1].str());
      if (it == kRank.end()) continue;  // a library's own folder (nlohmann/, yaml-cpp/, ...)
      EXPECT_LE(it->second, kRank.at(layer))
          << e.path().lexically_relative(src).string() << ":" << line_no << ": the " << layer
          << " layer includes " << m[1].str() << "/, a layer above it";
    }
  }
  EXPECT_GT(files, 100u);
}

}  // namespace
}  // namespace emorec
