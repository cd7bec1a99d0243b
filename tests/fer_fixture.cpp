#include "fer_fixture.h"

#include <stb_image_write.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "test_util.h"

namespace fs = std::filesystem;

namespace emorec::test {

FerFixture make_fer_fixture(const std::string& dir, int rows) {
  const auto sample = data::read_fer_csv(data_root() + "/fer2013/fer2013-sample.csv");
  FerFixture f;
  f.csv = dir + "/fer-fixture.csv";
  f.folder = dir + "/fer-folder";
  f.archive = dir + "/fer-fixture.tar.gz";
  std::ofstream csv(f.csv);
  csv << "emotion,pixels,Usage\n";
  std::map<std::string, int64_t> by_name;  // path -> row, for the folder order
  for (int r = 0; r < rows; ++r) {
    const auto usage = r % 5 == 3 ? data::FerUsage::kPublicTest : r % 5 == 4 ? data::FerUsage::kPrivateTest
                                                                             : data::FerUsage::kTraining;
    const uint8_t* px = sample.pixels.data() + static_cast<size_t>(r) * data::kFerPixels;
    csv << int(sample.labels[static_cast<size_t>(r)]) << ",";
    for (int i = 0; i < data::kFerPixels; ++i) csv << (i ? " " : "") << int(px[i]);
    csv << "," << data::fer_usage_name(usage) << "\n";
    const std::string top = usage == data::FerUsage::kTraining ? "train" : "test";
    const std::string emotion = data::fer_class_names()[sample.labels[static_cast<size_t>(r)]];
    const std::string rel = top + "/" + emotion + "/" + data::fer_usage_name(usage) + "_" + std::to_string(r) + ".png";
    fs::create_directories(fs::path(f.folder) / top / emotion);
    stbi_write_png((fs::path(f.folder) / rel).c_str(), 48, 48, 1, px, 48);
    by_name[rel] = r;
  }
  csv.close();
  for (const auto& [name, r] : by_name) {
    const uint8_t* px = sample.pixels.data() + static_cast<size_t>(r) * data::kFerPixels;
    f.expected.pixels.insert(f.expected.pixels.end(), px, px + data::kFerPixels);
    f.expected.labels.push_back(sample.labels[static_cast<size_t>(r)]);
    const auto usage = r % 5 == 3 ? data::FerUsage::kPublicTest : r % 5 == 4 ? data::FerUsage::kPrivateTest
                                                                             : data::FerUsage::kTraining;
    f.expected.usage.push_back(static_cast<uint8_t>(usage));
  }
  std::string out;
  if (run_command("tar -czf '" + f.archive + "' -C '" + f.folder + "' .", &out) != 0) {
    ADD_FAILURE() << "tar failed: " << out;
  }
  return f;
}

}  // namespace emorec::test
