#include "run/face_parity.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>

#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "data/fer/fer2013.h"
#include "data/fer/fer_dataset.h"
#include "face/detector_quality.h"
#include "image/photo.h"
#include "run/run_config.h"
#include "run/run_dir.h"

namespace emorec::run {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// One FER2013 image pasted into a background, and what a detector found in it.
struct Composite {
  image::GrayImage face48, photo;
  int label = 0;
  image::Box pasted;
  std::vector<face::Face> found;  // largest first
};

// The composites of one split: backgrounds without a face of their own, a seeded sample of the split's rows,
// each row pasted at a place and size drawn from (seed, row), so that every framing and margin, and the fit,
// see the same composites.
class Composer {
 public:
  Composer(const std::string& fer_run, const std::vector<std::string>& backgrounds, const FaceOptions& faces,
           const CompositeOptions& options)
      : faces_(faces), options_(options) {
    if (options.split != "train" && options.split != "eval" && options.split != "test") {
      throw ConfigError("faces: split must be train (Training), eval (PublicTest) or test (PrivateTest), not " +
                        options.split);
    }
    detector_ = face::face_detectors().at(faces.detector).make(faces.detection);
    for (const auto& path : backgrounds) {
      auto photo = image::read_photo(path, faces.max_pixels);
      if (!face::detect_faces(*detector_, photo, faces.max_side).empty()) {
        skipped_.push_back(path);
        continue;
      }
      if (std::min(photo.width, photo.height) * options.max_fraction < options.min_face) {
        throw ConfigError(path + ": too small a background for faces of " + std::to_string(options.min_face) +
                          " px");
      }
      used_.push_back(path);
      photos_.push_back(std::move(photo));
    }
    if (photos_.empty()) throw ConfigError("faces: no background without a face of its own");
    const auto config = load_run_config(RunDir::open(fer_run).file("config.yaml"));
    ds_ = data::load_fer_dataset(config.data, static_cast<uint64_t>(config.seed));
    rows_ = options.split == "train" ? ds_.train : options.split == "eval" ? ds_.eval : ds_.test;
    if (options.limit > 0 && static_cast<int64_t>(rows_.size()) > options.limit) {
      // A seeded sample: the split's files are ordered by class.
      std::mt19937_64 rng(derive_seed(options.seed, "parity-sample"));
      std::shuffle(rows_.begin(), rows_.end(), rng);
      rows_.resize(static_cast<size_t>(options.limit));
      std::sort(rows_.begin(), rows_.end());
    }
  }

  const std::vector<int64_t>& rows() const { return rows_; }
  const std::vector<std::string>& used() const { return used_; }
  const std::vector<std::string>& skipped() const { return skipped_; }

  Composite make(int64_t row) {
    std::mt19937_64 rng(derive_seed(options_.seed, "parity", static_cast<uint64_t>(row)));
    Composite c;
    c.face48.width = c.face48.height = data::kFerSide;
    const auto* px = ds_.images.pixels.data() + row * data::kFerSide * data::kFerSide;
    c.face48.pixels.assign(px, px + data::kFerSide * data::kFerSide);
    c.label = ds_.images.labels[static_cast<size_t>(row)];
    // The face enlarged to a random side, at a random place in a random background.
    const auto& bg = photos_[std::uniform_int_distribution<size_t>(0, photos_.size() - 1)(rng)];
    const int largest = static_cast<int>(std::min(bg.width, bg.height) * options_.max_fraction);
    const int side = std::uniform_int_distribution<int>(options_.min_face, largest)(rng);
    const int x = std::uniform_int_distribution<int>(0, bg.width - side)(rng);
    const int y = std::uniform_int_distribution<int>(0, bg.height - side)(rng);
    c.photo = bg;
    const auto big = image::resize(c.face48, side, side);
    for (int r = 0; r < side; ++r) {
      std::copy_n(big.pixels.data() + static_cast<size_t>(r) * static_cast<size_t>(side), side,
                  c.photo.pixels.data() + static_cast<size_t>(y + r) * static_cast<size_t>(bg.width) + x);
    }
    c.pasted = {x, y, side, side};
    c.found = face::detect_faces(*detector_, c.photo, faces_.max_side);
    return c;
  }

 private:
  FaceOptions faces_;
  CompositeOptions options_;
  std::unique_ptr<face::FaceDetector> detector_;
  std::vector<image::GrayImage> photos_;
  std::vector<std::string> used_, skipped_;
  data::FerDataset ds_;
  std::vector<int64_t> rows_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

ParityResult measure_parity(const std::string& fer_run, const std::vector<std::string>& backgrounds,
                            const FaceOptions& faces, const ParityOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (faces.detector == "none") throw ConfigError("parity: the detector none finds no pasted face");
  ParityResult out;
  std::vector<FaceOptions> crop_options;
  for (const auto& framing : options.framings) {
    if (framing != "box" && framing != "fitted") {
      throw ConfigError("parity: framing must be box or fitted, not " + framing);
    }
    for (double m : options.margins) {
      out.crops.push_back({framing, m, 0, 0, 0});
      crop_options.push_back(faces);
      crop_options.back().framing = framing, crop_options.back().margin = m;
    }
  }
  EmotionClassifier classifier(fer_run, "best");
  Composer composer(fer_run, backgrounds, faces, options.composites);
  out.split = options.composites.split;
  out.backgrounds = composer.used(), out.skipped_backgrounds = composer.skipped();
  const auto& framing = face::face_detectors().at(faces.detector).framing;

  std::vector<std::vector<double>> ious(out.crops.size());
  for (const int64_t row : composer.rows()) {
    const auto c = composer.make(row);
    if (++out.images % 500 == 0) log_info("parity: ", out.images, " of ", composer.rows().size(), " images");
    const bool cached = classifier.classify(c.face48).label == c.label;
    out.cached_correct += cached;
    out.pasted_box_correct +=
        classifier.classify(image::crop_face(c.photo, c.pasted, 0.0, data::kFerSide)).label == c.label;
    if (c.found.empty()) continue;
    ++out.detected;
    out.cached_correct_on_detected += cached;
    out.on_target += face::iou(c.found.front().box, c.pasted) >= 0.3;
    for (size_t k = 0; k < out.crops.size(); ++k) {
      const bool ok = classifier.classify(model_crop(c.photo, c.found.front(), crop_options[k])).label == c.label;
      out.crops[k].correct += ok;
      out.crops[k].correct_on_detected += ok;
      const auto square = out.crops[k].framing == "fitted" ? image::frame_box(c.found.front().box, framing)
                                                            : c.found.front().box;
      ious[k].push_back(face::iou(square, c.pasted));
    }
  }
  for (size_t k = 0; k < out.crops.size(); ++k) out.crops[k].median_iou = median(std::move(ious[k]));
  out.seconds = seconds_since(t0);
  return out;
}

FramingFit fit_framing(const std::string& fer_run, const std::vector<std::string>& backgrounds,
                       const FaceOptions& faces, const CompositeOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (faces.detector == "none") throw ConfigError("fit-framing: the detector none has no box to frame");
  Composer composer(fer_run, backgrounds, faces, options);
  FramingFit out;
  out.backgrounds = composer.used(), out.skipped_backgrounds = composer.skipped();
  std::vector<image::Box> boxes, truths;
  std::vector<double> scale, shift_x, shift_y, iou_box;
  for (const int64_t row : composer.rows()) {
    const auto c = composer.make(row);
    if (++out.images % 500 == 0) log_info("fit-framing: ", out.images, " of ", composer.rows().size(), " images");
    if (c.found.empty()) continue;
    ++out.detected;
    const auto& b = c.found.front().box;
    const double overlap = face::iou(b, c.pasted);
    if (overlap < 0.3) continue;
    ++out.on_target;
    boxes.push_back(b), truths.push_back(c.pasted), iou_box.push_back(overlap);
    scale.push_back(c.pasted.width / static_cast<double>(std::max(b.width, b.height)));
    shift_x.push_back((c.pasted.x + c.pasted.width / 2.0 - (b.x + b.width / 2.0)) / b.width);
    shift_y.push_back((c.pasted.y + c.pasted.height / 2.0 - (b.y + b.height / 2.0)) / b.height);
  }
  if (boxes.empty()) throw DataError("fit-framing: the detector found none of the pasted faces");
  out.framing = {median(scale), median(shift_x), median(shift_y)};
  std::vector<double> iou_framed;
  for (size_t i = 0; i < boxes.size(); ++i) iou_framed.push_back(face::iou(image::frame_box(boxes[i], out.framing), truths[i]));
  out.median_iou_box = median(std::move(iou_box));
  out.median_iou_framed = median(std::move(iou_framed));
  out.seconds = seconds_since(t0);
  return out;
}

}  // namespace emorec::run
