// Face detection: a FaceDetector finds every face of a grey image, with a box and a score. Detectors are
// registered by name (face_detectors()): dlib's HOG frontal-face detector (`dlib-hog`, the default; it needs
// no model file), OpenCV's Haar and LBP cascades (`opencv-haar`, `opencv-lbp`; the cascades of Debian's
// opencv-data), and `none`, the whole image as one face (for photos that are already face crops).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/registry.h"
#include "image/face_crop.h"
#include "image/gray_image.h"

namespace emorec::face {

struct Face {
  image::Box box;
  double score = 0;  // the detector's confidence (dlib: SVM margin; OpenCV: the cascade's level weight)
};

struct DetectorOptions {
  // Image doublings before detection (dlib-hog's smallest face is ~80 px, the cascades' 24 px (Haar) and
  // 45 px (LBP)); -1: the detector's default, the value of 0-2 with the best F1 at IoU 0.5 on dlib's
  // examples/faces/training.xml (never testing.xml): dlib-hog 1, opencv-haar 0, opencv-lbp 2
  // (experiments/RESULTS.md).
  int upsample = -1;
  double threshold = 0.0;     // dlib-hog: added to the detector's decision threshold (lower finds more)
  int min_neighbors = 3;      // opencv-*: neighbouring detections a face needs
  double scale_factor = 1.1;  // opencv-*: pyramid step
  int min_size = 20;          // opencv-*: smallest face side in pixels (of the upsampled image)
  std::string cascade;        // opencv-*: cascade XML file (empty: the one opencv-data installs)
};

class FaceDetector {
 public:
  virtual ~FaceDetector() = default;
  // Every face in `image`, in image coordinates. Not safe to call from several threads at once.
  virtual std::vector<Face> detect(const image::GrayImage& image) = 0;
};

struct DetectorEntry {
  std::string description;
  std::function<std::unique_ptr<FaceDetector>(const DetectorOptions&)> make;
  image::Framing framing;  // its boxes as FER2013 frames a face (image/face_crop.h), fitted at default options
  // The margin on top of the fitted framing that crops faces best for a model trained for detected faces:
  // chosen on FER2013's PublicTest pasted into real photos (`emorec faces parity`); 0 where not measured.
  double margin = 0.0;
};
const Registry<DetectorEntry>& face_detectors();

// Detects on `image` scaled down so that its longer side is at most `max_side` (boxes scaled back), and
// returns the faces largest first.
std::vector<Face> detect_faces(FaceDetector& detector, const image::GrayImage& image, int max_side);

}  // namespace emorec::face
