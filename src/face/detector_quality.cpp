// Precision, recall and time of a detector on labelled images.
#include "face/detector_quality.h"

#if EMOREC_FACE_LIBS
#include <dlib/data_io/image_dataset_metadata.h>
#endif

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "image/photo.h"

namespace emorec::face {

double iou(const image::Box& a, const image::Box& b) {
  const int x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.x + a.width, b.x + b.width), y1 = std::min(a.y + a.height, b.y + b.height);
  const double inter = std::max(0, x1 - x0) * static_cast<double>(std::max(0, y1 - y0));
  const double uni = static_cast<double>(a.area()) + static_cast<double>(b.area()) - inter;
  return uni > 0 ? inter / uni : 0.0;
}

DetectorQuality measure_detector(FaceDetector& detector, const std::string& xml, int max_side,
                                 int64_t max_pixels, double min_iou) {
#if EMOREC_FACE_LIBS
  dlib::image_dataset_metadata::dataset data;
  try {
    dlib::image_dataset_metadata::load_image_dataset_metadata(data, xml);
  } catch (const std::exception& e) {
    throw DataError(xml + ": cannot read the image metadata (" + std::string(e.what()) + ")");
  }
  const auto folder = std::filesystem::path(xml).parent_path();
  DetectorQuality q;
  double ms = 0;
  for (const auto& im : data.images) {
    const auto img = image::read_photo((folder / im.filename).string(), max_pixels);
    const auto t0 = std::chrono::steady_clock::now();
    auto faces = detect_faces(detector, img, max_side);
    ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ++q.images;
    std::vector<image::Box> truth, ignored;
    for (const auto& b : im.boxes) {
      const image::Box box{static_cast<int>(b.rect.left()), static_cast<int>(b.rect.top()),
                           static_cast<int>(b.rect.width()), static_cast<int>(b.rect.height())};
      (b.ignore ? ignored : truth).push_back(box);
    }
    q.truths += static_cast<int64_t>(truth.size());
    std::sort(faces.begin(), faces.end(), [](const Face& a, const Face& b) { return a.score > b.score; });
    std::vector<char> used(truth.size(), 0);
    for (const auto& f : faces) {
      int best = -1;
      double best_iou = min_iou;
      for (size_t t = 0; t < truth.size(); ++t) {
        const double v = iou(f.box, truth[t]);
        if (!used[t] && v >= best_iou) best_iou = v, best = static_cast<int>(t);
      }
      if (best >= 0) {
        used[static_cast<size_t>(best)] = 1;
        ++q.matched, ++q.detections;
        continue;
      }
      const bool on_ignored = std::any_of(ignored.begin(), ignored.end(),
                                          [&](const image::Box& b) { return iou(f.box, b) >= min_iou; });
      if (!on_ignored) ++q.detections;
    }
  }
  q.precision = q.detections ? static_cast<double>(q.matched) / static_cast<double>(q.detections) : 0.0;
  q.recall = q.truths ? static_cast<double>(q.matched) / static_cast<double>(q.truths) : 0.0;
  q.ms_per_image = q.images ? ms / static_cast<double>(q.images) : 0.0;
  return q;
#else
  (void)detector, (void)max_side, (void)max_pixels, (void)min_iou;
  throw ConfigError("cannot read the labelled faces '" + xml +
                    "': this EmoRec was built without dlib (EMOREC_BUILD_APP=OFF); rebuild with it ON");
#endif
}

}  // namespace emorec::face
