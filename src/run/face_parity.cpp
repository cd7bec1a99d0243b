#include "run/face_parity.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "data/fer/fer_dataset.h"
#include "face/detector_quality.h"
#include "image/face_crop.h"
#include "image/photo.h"
#include "run/run_config.h"
#include "run/run_dir.h"

namespace emorec::run {

ParityResult measure_parity(const std::string& fer_run, const std::vector<std::string>& backgrounds,
                            const FaceOptions& faces, const ParityOptions& options) {
  if (options.split != "eval" && options.split != "test") {
    throw ConfigError("parity: split must be eval (PublicTest) or test (PrivateTest), not " + options.split);
  }
  const auto t0 = std::chrono::steady_clock::now();
  EmotionClassifier classifier(fer_run, "best");
  auto detector = face::face_detectors().at(faces.detector).make(faces.detection);
  ParityResult out;
  out.split = options.split;

  // Backgrounds: real photos in which the detector finds no face (a face of their own would compete).
  std::vector<image::GrayImage> photos;
  for (const auto& path : backgrounds) {
    auto photo = image::read_photo(path, faces.max_pixels);
    if (!face::detect_faces(*detector, photo, faces.max_side).empty()) {
      out.skipped_backgrounds.push_back(path);
      continue;
    }
    if (std::min(photo.width, photo.height) * options.max_fraction < options.min_face) {
      throw ConfigError(path + ": too small a background for faces of " + std::to_string(options.min_face) + " px");
    }
    out.backgrounds.push_back(path);
    photos.push_back(std::move(photo));
  }
  if (photos.empty()) throw ConfigError("parity: no background without a face of its own");

  const auto config = load_run_config(RunDir::open(fer_run).file("config.yaml"));
  const auto ds = data::load_fer_dataset(config.data, static_cast<uint64_t>(config.seed));
  auto rows = options.split == "eval" ? ds.eval : ds.test;
  if (options.limit > 0 && static_cast<int64_t>(rows.size()) > options.limit) {
    // A seeded sample: the split's files are ordered by class.
    std::mt19937_64 rng(derive_seed(options.seed, "parity-sample"));
    std::shuffle(rows.begin(), rows.end(), rng);
    rows.resize(static_cast<size_t>(options.limit));
    std::sort(rows.begin(), rows.end());
  }
  for (double m : options.margins) out.margins.push_back({m, 0, 0});

  std::vector<double> ious;
  for (const int64_t row : rows) {
    std::mt19937_64 rng(derive_seed(options.seed, "parity", static_cast<uint64_t>(row)));
    image::GrayImage face48;
    face48.width = face48.height = data::kFerSide;
    const auto* px = ds.images.pixels.data() + row * data::kFerSide * data::kFerSide;
    face48.pixels.assign(px, px + data::kFerSide * data::kFerSide);
    const int label = ds.images.labels[static_cast<size_t>(row)];

    // The composite: the face enlarged to a random side, at a random place in a random background.
    const auto& bg = photos[std::uniform_int_distribution<size_t>(0, photos.size() - 1)(rng)];
    const int largest = static_cast<int>(std::min(bg.width, bg.height) * options.max_fraction);
    const int side = std::uniform_int_distribution<int>(options.min_face, largest)(rng);
    const int x = std::uniform_int_distribution<int>(0, bg.width - side)(rng);
    const int y = std::uniform_int_distribution<int>(0, bg.height - side)(rng);
    auto composite = bg;
    const auto big = image::resize(face48, side, side);
    for (int r = 0; r < side; ++r) {
      std::copy_n(big.pixels.data() + static_cast<size_t>(r) * static_cast<size_t>(side), side,
                  composite.pixels.data() + static_cast<size_t>(y + r) * static_cast<size_t>(bg.width) + x);
    }
    const image::Box pasted{x, y, side, side};

    ++out.images;
    const bool cached = classifier.classify(face48).label == label;
    out.cached_correct += cached;
    out.pasted_box_correct += classifier.classify(image::crop_face(composite, pasted, 0.0, data::kFerSide)).label == label;
    const auto found = face::detect_faces(*detector, composite, faces.max_side);
    if (found.empty()) continue;
    ++out.detected;
    out.cached_correct_on_detected += cached;
    const double overlap = face::iou(found.front().box, pasted);
    ious.push_back(overlap);
    out.on_target += overlap >= 0.3;
    for (auto& m : out.margins) {
      const bool ok =
          classifier.classify(image::crop_face(composite, found.front().box, m.margin, data::kFerSide)).label == label;
      m.correct += ok;
      m.correct_on_detected += ok;
    }
    if (out.images % 500 == 0) log_info("parity: ", out.images, " of ", rows.size(), " images");
  }
  if (!ious.empty()) {
    std::nth_element(ious.begin(), ious.begin() + static_cast<std::ptrdiff_t>(ious.size() / 2), ious.end());
    out.median_iou = ious[ious.size() / 2];
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace emorec::run
