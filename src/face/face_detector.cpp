// The detector registry and detection at a bounded size.
#include "face/face_detector.h"

#include <algorithm>
#include <cmath>

#if EMOREC_FACE_LIBS
#include "face/detectors.h"
#endif

namespace emorec::face {
namespace {

// The whole image as one face.
class WholeImage final : public FaceDetector {
 public:
  std::vector<Face> detect(const image::GrayImage& img) override {
    return {{{0, 0, img.width, img.height}, 1.0}};
  }
};

}  // namespace

const Registry<DetectorEntry>& face_detectors() {
  static const Registry<DetectorEntry> r = [] {
    Registry<DetectorEntry> reg("face detector");
#if EMOREC_FACE_LIBS  // a build without the application's libraries (EMOREC_BUILD_APP=OFF) has `none` alone
    // Framings: `emorec faces fit-framing` on 2,000 FER2013 Training images pasted into scikit-image's photos
    // (seed 1, default options), medians rounded to 3 decimals; experiments/RESULTS.md, "Does detection plus
    // the shared crop keep FER accuracy?".
    // dlib-hog's margin: the best of -0.1, -0.05, 0 and 0.1 on PublicTest with the seed CNN trained for
    // detected faces (configs/fer/seed_cnn_detected.yaml), the same section of RESULTS.md.
    reg.add("dlib-hog",
            {"dlib's HOG frontal-face detector (no model file)", make_dlib_hog, {1.167, 0.0, -0.073}, -0.05});
    reg.add("opencv-haar",
            {"OpenCV's Haar cascade haarcascade_frontalface_default.xml",
             [](const DetectorOptions& o) { return make_opencv_cascade(o, EMOREC_HAAR_CASCADE, 0); },
             {1.047, 0.0, 0.004}});
    reg.add("opencv-lbp",
            {"OpenCV's LBP cascade lbpcascade_frontalface_improved.xml",
             [](const DetectorOptions& o) { return make_opencv_cascade(o, EMOREC_LBP_CASCADE, 2); },
             image::Framing{}});  // not fitted yet: the identity
#endif
    reg.add("none", {"the whole image is the face (photos that are already face crops)",
                     [](const DetectorOptions&) { return std::make_unique<WholeImage>(); }, image::Framing{}});
    return reg;
  }();
  return r;
}

std::vector<Face> detect_faces(FaceDetector& detector, const image::GrayImage& img, int max_side) {
  const int longer = std::max(img.width, img.height);
  std::vector<Face> faces;
  if (max_side > 0 && longer > max_side) {
    const double s = static_cast<double>(max_side) / longer;
    const int w = std::max(1, static_cast<int>(std::lround(img.width * s)));
    const int h = std::max(1, static_cast<int>(std::lround(img.height * s)));
    faces = detector.detect(image::resize(img, w, h));
    for (auto& f : faces) {
      const double bx = img.width / static_cast<double>(w), by = img.height / static_cast<double>(h);
      f.box = {static_cast<int>(std::lround(f.box.x * bx)), static_cast<int>(std::lround(f.box.y * by)),
               static_cast<int>(std::lround(f.box.width * bx)),
               static_cast<int>(std::lround(f.box.height * by))};
    }
  } else {
    faces = detector.detect(img);
  }
  // Boxes clipped to the image; the largest first (ties: the higher score).
  for (auto& f : faces) {
    const int x1 = std::min(img.width, f.box.x + f.box.width),
              y1 = std::min(img.height, f.box.y + f.box.height);
    f.box.x = std::max(0, f.box.x), f.box.y = std::max(0, f.box.y);
    f.box.width = x1 - f.box.x, f.box.height = y1 - f.box.y;
  }
  faces.erase(std::remove_if(faces.begin(), faces.end(),
                             [](const Face& f) { return f.box.width <= 0 || f.box.height <= 0; }),
              faces.end());
  std::stable_sort(faces.begin(), faces.end(), [](const Face& a, const Face& b) {
    return a.box.area() > b.box.area() || (a.box.area() == b.box.area() && a.score > b.score);
  });
  return faces;
}

}  // namespace emorec::face
