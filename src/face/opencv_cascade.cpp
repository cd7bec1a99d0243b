// OpenCV's cascade detectors (libopencv-objdetect-dev): Viola-Jones Haar features or local binary patterns,
// with the frontal-face cascades that Debian's opencv-data installs.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <filesystem>

#include "face/detectors.h"

namespace emorec::face {
namespace {

class OpencvCascade final : public FaceDetector {
 public:
  OpencvCascade(const DetectorOptions& o, const std::string& file, int default_upsample) : options_(o) {
    if (options_.upsample < 0) options_.upsample = default_upsample;
    if (!std::filesystem::is_regular_file(file)) {
      throw DataError(file + ": no cascade file (Debian's opencv-data installs the default ones)");
    }
    if (!cascade_.load(file)) throw DataError(file + ": OpenCV cannot read this cascade");
  }

  std::vector<Face> detect(const image::GrayImage& img) override {
    const cv::Mat m(img.height, img.width, CV_8UC1, const_cast<uint8_t*>(img.pixels.data()));
    const double scale = static_cast<double>(1 << options_.upsample);
    cv::Mat up, eq;
    if (options_.upsample > 0) {
      cv::resize(m, up, cv::Size(), scale, scale, cv::INTER_LINEAR);
    } else {
      up = m;
    }
    cv::equalizeHist(up, eq);
    std::vector<cv::Rect> rects;
    std::vector<int> levels;
    std::vector<double> weights;
    cascade_.detectMultiScale(eq, rects, levels, weights, options_.scale_factor, options_.min_neighbors, 0,
                              cv::Size(options_.min_size, options_.min_size), cv::Size(), true);
    std::vector<Face> out;
    for (size_t i = 0; i < rects.size(); ++i) {
      const image::Box box{static_cast<int>(rects[i].x / scale), static_cast<int>(rects[i].y / scale),
                           static_cast<int>(rects[i].width / scale),
                           static_cast<int>(rects[i].height / scale)};
      out.push_back({box, i < weights.size() ? weights[i] : 0});
    }
    return out;
  }

 private:
  DetectorOptions options_;
  cv::CascadeClassifier cascade_;
};

}  // namespace

std::unique_ptr<FaceDetector> make_opencv_cascade(const DetectorOptions& options,
                                                  const std::string& default_file, int default_upsample) {
  if (options.min_neighbors < 0 || !(options.scale_factor > 1.0) || options.min_size < 1 ||
      options.upsample < -1 || options.upsample > 3) {
    throw ConfigError(
        "opencv cascade: min_neighbors >= 0, scale_factor > 1, min_size >= 1 and upsample -1..3 are "
        "required");
  }
  return std::make_unique<OpencvCascade>(options, options.cascade.empty() ? default_file : options.cascade,
                                         default_upsample);
}

}  // namespace emorec::face
