// dlib's HOG frontal-face detector (libdlib-dev): five HOG filters over an image pyramid, trained by dlib on
// labelled faces; it ships inside the library, so no model file is needed.
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms/interpolation.h>

#include "face/detectors.h"

namespace emorec::face {
namespace {

class DlibHog final : public FaceDetector {
 public:
  explicit DlibHog(const DetectorOptions& o) : options_(o), detector_(dlib::get_frontal_face_detector()) {
    if (options_.upsample < 0) options_.upsample = 1;
  }

  std::vector<Face> detect(const image::GrayImage& img) override {
    dlib::array2d<unsigned char> a(img.height, img.width);
    for (int y = 0; y < img.height; ++y) {
      for (int x = 0; x < img.width; ++x) a[y][x] = img.pixels[static_cast<size_t>(y) * img.width + x];
    }
    double scale = 1;
    for (int i = 0; i < options_.upsample; ++i) {
      dlib::pyramid_up(a);
      scale *= 2;
    }
    std::vector<dlib::rect_detection> found;
    detector_(a, found, options_.threshold);
    std::vector<Face> out;
    for (const auto& d : found) {
      Face f;
      f.box = {static_cast<int>(d.rect.left() / scale), static_cast<int>(d.rect.top() / scale),
               static_cast<int>(d.rect.width() / scale), static_cast<int>(d.rect.height() / scale)};
      f.score = d.detection_confidence;
      out.push_back(f);
    }
    return out;
  }

 private:
  DetectorOptions options_;
  dlib::frontal_face_detector detector_;
};

}  // namespace

std::unique_ptr<FaceDetector> make_dlib_hog(const DetectorOptions& options) {
  if (options.upsample < -1 || options.upsample > 3) {
    throw ConfigError("dlib-hog: upsample must be -1 (the default) .. 3, got " +
                      std::to_string(options.upsample));
  }
  return std::make_unique<DlibHog>(options);
}

}  // namespace emorec::face
