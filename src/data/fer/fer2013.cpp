// FER2013 readers. Every problem names the archive entry, file or CSV line it was found in.
#include "data/fer/fer2013.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <sstream>

#include "core/error.h"
#include "core/line_reader.h"
#include "data/fer/tar_reader.h"
#include "image/gray_image.h"

namespace fs = std::filesystem;

namespace emorec::data {
namespace {

// One image of the folder layout, before sorting.
struct Entry {
  std::string name;  // relative path without a leading "./"
  uint8_t label = 0, usage = 0;
  std::vector<uint8_t> pixels;
};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream s(path);
  std::string part;
  while (std::getline(s, part, '/')) {
    if (!part.empty() && part != ".") parts.push_back(part);
  }
  return parts;
}

// Parses "train/<emotion>/Training_<id>.jpg" and decodes the image. `origin` names the file for errors.
// Returns false for entries that are not part of the layout (macOS "._*" and hidden files).
bool parse_entry(const std::string& rel, const uint8_t* bytes, size_t size, const std::string& origin, Entry* out) {
  const auto parts = split_path(rel);
  if (!parts.empty() && parts.back().front() == '.') return false;
  if (parts.size() != 3 || (parts[0] != "train" && parts[0] != "test")) {
    throw DataError(origin + ": not in FER2013's image-folder layout (expected train/<emotion>/Training_*.jpg or "
                    "test/<emotion>/{PublicTest,PrivateTest}_*.jpg)");
  }
  const int label = fer_label_of(parts[1]);
  if (label < 0) {
    throw DataError(origin + ": unknown emotion folder \"" + parts[1] +
                    "\" (known: angry, disgust, fear, happy, neutral, sad, surprise)");
  }
  const std::string& file = parts[2];
  FerUsage usage;
  if (file.rfind("Training_", 0) == 0) {
    usage = FerUsage::kTraining;
  } else if (file.rfind("PublicTest_", 0) == 0) {
    usage = FerUsage::kPublicTest;
  } else if (file.rfind("PrivateTest_", 0) == 0) {
    usage = FerUsage::kPrivateTest;
  } else {
    throw DataError(origin + ": file name does not start with Training_, PublicTest_ or PrivateTest_ (the official "
                    "split is read from it)");
  }
  if ((usage == FerUsage::kTraining) != (parts[0] == "train")) {
    throw DataError(origin + ": a " + fer_usage_name(usage) + " image in " + parts[0] + "/");
  }
  const auto [w, h] = image::image_size(bytes, size, origin);  // from the header: nothing decoded yet
  if (w != kFerSide || h != kFerSide) {
    throw DataError(origin + ": expected a 48x48 image, got " + std::to_string(w) + "x" + std::to_string(h));
  }
  const auto img = image::decode_image(bytes, size, origin, kFerPixels);
  out->name = parts[0] + "/" + parts[1] + "/" + parts[2];
  out->label = static_cast<uint8_t>(label);
  out->usage = static_cast<uint8_t>(usage);
  out->pixels = img.pixels;
  return true;
}

FerImages from_entries(std::vector<Entry> entries, const std::string& origin) {
  if (entries.empty()) throw DataError(origin + ": holds no FER2013 images");
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  for (size_t i = 1; i < entries.size(); ++i) {
    if (entries[i].name == entries[i - 1].name) throw DataError(origin + ": \"" + entries[i].name + "\" appears twice");
  }
  FerImages out;
  out.pixels.reserve(entries.size() * kFerPixels);
  for (const auto& e : entries) {
    out.pixels.insert(out.pixels.end(), e.pixels.begin(), e.pixels.end());
    out.labels.push_back(e.label);
    out.usage.push_back(e.usage);
  }
  return out;
}

}  // namespace

const std::array<std::string, kFerClasses>& fer_class_names() {
  static const std::array<std::string, kFerClasses> names = {"angry", "disgust", "fear", "happy",
                                                             "sad",   "surprise", "neutral"};
  return names;
}

int fer_label_of(const std::string& emotion) {
  const auto& names = fer_class_names();
  const auto it = std::find(names.begin(), names.end(), emotion);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

const char* fer_usage_name(FerUsage usage) {
  switch (usage) {
    case FerUsage::kTraining: return "Training";
    case FerUsage::kPublicTest: return "PublicTest";
    case FerUsage::kPrivateTest: return "PrivateTest";
  }
  return "?";
}

std::vector<int64_t> FerImages::indices(FerUsage u) const {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < size(); ++i) {
    if (usage[static_cast<size_t>(i)] == static_cast<uint8_t>(u)) out.push_back(i);
  }
  return out;
}

std::array<std::array<int64_t, kFerClasses>, 3> FerImages::counts() const {
  std::array<std::array<int64_t, kFerClasses>, 3> c{};
  for (size_t i = 0; i < labels.size(); ++i) ++c[usage[i]][labels[i]];
  return c;
}

std::string FerImages::summary() const {
  const auto c = counts();
  std::ostringstream s;
  s << "FER2013: " << size() << " images";
  for (int u = 0; u < 3; ++u) {
    s << (u ? ", " : " (") << fer_usage_name(static_cast<FerUsage>(u)) << " "
      << std::accumulate(c[static_cast<size_t>(u)].begin(), c[static_cast<size_t>(u)].end(), int64_t{0});
  }
  s << ")";
  return s.str();
}

FerImages read_fer_archive(const std::string& path) {
  std::vector<Entry> entries;
  for_each_tar_entry(path, [&](const std::string& name, const std::vector<uint8_t>& bytes) {
    Entry e;
    if (parse_entry(name, bytes.data(), bytes.size(), path + ": " + name, &e)) entries.push_back(std::move(e));
  });
  return from_entries(std::move(entries), path);
}

FerImages read_fer_folder(const std::string& folder) {
  if (!fs::is_directory(folder)) throw DataError(folder + ": no such folder");
  std::vector<Entry> entries;
  for (const char* top : {"train", "test"}) {
    const fs::path dir = fs::path(folder) / top;
    if (!fs::is_directory(dir)) throw DataError(folder + ": has no " + top + "/ folder (FER2013 image-folder layout)");
    for (const auto& f : fs::recursive_directory_iterator(dir)) {
      if (!f.is_regular_file()) continue;
      const std::string rel = fs::relative(f.path(), folder).generic_string();
      std::ifstream in(f.path(), std::ios::binary);
      const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      Entry e;
      if (parse_entry(rel, bytes.data(), bytes.size(), f.path().string(), &e)) entries.push_back(std::move(e));
    }
  }
  return from_entries(std::move(entries), folder);
}

FerImages read_fer_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !fs::is_regular_file(path)) throw DataError(path + ": no such file");
  std::string line;
  int64_t line_no = 0;
  auto strip = [](std::string& s) {
    if (!s.empty() && s.back() == '\r') s.pop_back();
  };
  if (!read_line(in, line, path, 1)) throw DataError(path + ": empty file (expected the header emotion,pixels,Usage)");
  ++line_no;
  strip(line);
  if (line != "emotion,pixels,Usage") {
    throw DataError(path + ":1: expected the header \"emotion,pixels,Usage\", got \"" + line.substr(0, 60) + "\"");
  }
  FerImages out;
  while (read_line(in, line, path, line_no + 1)) {
    ++line_no;
    strip(line);
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const auto c1 = line.find(','), c2 = line.rfind(',');
    if (c1 == std::string::npos || c2 == c1) {
      throw DataError(where + ": expected 3 comma-separated fields (emotion,pixels,Usage); truncated row?");
    }
    const std::string label_s = line.substr(0, c1), usage_s = line.substr(c2 + 1);
    if (label_s.size() != 1 || label_s[0] < '0' || label_s[0] > '6') {
      throw DataError(where + ": unknown emotion label \"" + label_s + "\" (expected 0..6)");
    }
    FerUsage usage;
    if (usage_s == "Training") {
      usage = FerUsage::kTraining;
    } else if (usage_s == "PublicTest") {
      usage = FerUsage::kPublicTest;
    } else if (usage_s == "PrivateTest") {
      usage = FerUsage::kPrivateTest;
    } else {
      throw DataError(where + ": unknown Usage \"" + usage_s + "\" (expected Training, PublicTest or PrivateTest)");
    }
    const char* p = line.c_str() + c1 + 1;
    const char* end = line.c_str() + c2;
    int64_t count = 0;
    while (p < end) {
      while (p < end && *p == ' ') ++p;
      if (p == end) break;
      int v = 0, digits = 0;
      while (p < end && *p >= '0' && *p <= '9' && digits < 4) v = v * 10 + (*p++ - '0'), ++digits;
      if (digits == 0 || v > 255 || (p < end && *p != ' ')) {
        throw DataError(where + ": pixel " + std::to_string(count + 1) + " is not an integer in 0..255");
      }
      if (++count > kFerPixels) break;
      out.pixels.push_back(static_cast<uint8_t>(v));
    }
    if (count != kFerPixels) {
      throw DataError(where + ": expected 2304 pixel values (48x48), got " +
                      (count < kFerPixels ? std::to_string(count) + " (truncated row?)" : std::string("more")));
    }
    out.labels.push_back(static_cast<uint8_t>(label_s[0] - '0'));
    out.usage.push_back(static_cast<uint8_t>(usage));
  }
  if (out.size() == 0) throw DataError(path + ": holds no rows");
  return out;
}

FerImages read_fer_source(const std::string& path) {
  if (fs::is_directory(path)) return read_fer_folder(path);
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".csv") return read_fer_csv(path);
  return read_fer_archive(path);
}

}  // namespace emorec::data
