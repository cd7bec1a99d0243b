// FER2013 as it is distributed: the image-folder layout (train/<emotion>/Training_*.jpg,
// test/<emotion>/{PublicTest,PrivateTest}_*.jpg) in a .tar.gz or an extracted folder, and the original
// fer2013.csv (emotion,pixels,Usage). Whatever the source, labels use the CSV's order and the official
// usage (split) of every image is kept.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::data {

constexpr int kFerSide = 48;
constexpr int64_t kFerPixels = kFerSide * kFerSide;
constexpr int kFerClasses = 7;

// The CSV's label order: 0 angry, 1 disgust, 2 fear, 3 happy, 4 sad, 5 surprise, 6 neutral.
const std::array<std::string, kFerClasses>& fer_class_names();
// Label of an image-folder emotion name ("angry" ... "surprise"), -1 if unknown.
int fer_label_of(const std::string& emotion);

enum class FerUsage : uint8_t { kTraining = 0, kPublicTest = 1, kPrivateTest = 2 };
const char* fer_usage_name(FerUsage usage);  // "Training" | "PublicTest" | "PrivateTest"

struct FerImages {
  std::vector<uint8_t> pixels;  // size() * 2304 grey values, row-major 48x48 per image
  std::vector<uint8_t> labels;  // 0..6 (CSV order)
  std::vector<uint8_t> usage;   // FerUsage
  int64_t size() const { return static_cast<int64_t>(labels.size()); }
  // Indices of the images with `u`, in source order.
  std::vector<int64_t> indices(FerUsage u) const;
  // counts[usage][label]
  std::array<std::array<int64_t, kFerClasses>, 3> counts() const;
  std::string summary() const;  // one line per split
};

// The image-folder layout inside a .tar or .tar.gz. Images are ordered by path, as read_fer_folder orders them.
FerImages read_fer_archive(const std::string& path);
// The image-folder layout in an extracted folder (holding train/ and test/).
FerImages read_fer_folder(const std::string& folder);
// The original fer2013.csv. Rows keep the file's order.
FerImages read_fer_csv(const std::string& path);
// Picks the reader by what `path` is: a folder, a .csv file, or an archive.
FerImages read_fer_source(const std::string& path);

}  // namespace emorec::data
