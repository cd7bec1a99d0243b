// Inference of a trained FER run on photos: a face detector (face/face_detector.h) finds the faces, each goes
// through the crop the training data went through (image::crop_face: margin, square, grey, 48x48), then
// through the same evaluation view and model as the run's evaluation (train::fer_eval_logits), so training
// and inference cannot drift apart. With the detector `none` the crop is the whole image's centred square
// (image::to_face), as for FER2013's own images.
#pragma once
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "config/experiment.h"
#include "core/error.h"
#include "face/face_detector.h"
#include "image/gray_image.h"
#include "models/fer/fer_model.h"

namespace emorec::run {

struct EmotionPrediction {
  std::array<double, 7> probabilities{};  // CSV label order (data::fer_class_names())
  int label = 0;                          // the most probable class
  int64_t epoch = 0;                      // epoch of the checkpoint used
};

// uint8 [1, 48, 48]: the face tensor of a 48x48 crop, exactly as a training image is stored.
torch::Tensor face_tensor(const image::GrayImage& face48);

// A FER run's model, loaded once.
class EmotionClassifier {
 public:
  // ConfigError when `run_dir` is not a run of a fer/ model; RunError for an unreadable checkpoint.
  explicit EmotionClassifier(const std::string& run_dir, const std::string& checkpoint = "best");
  // Safe to call from several threads at once (one model, evaluated under a lock).
  EmotionPrediction classify(const image::GrayImage& face48);
  int64_t epoch() const { return epoch_; }

 private:
  config::ExperimentConfig config_;
  torch::Device device_;
  std::shared_ptr<models::FerModel> model_;
  std::mutex mutex_;
  int64_t epoch_ = 0;
};

struct FaceOptions {
  std::string detector = "dlib-hog";
  face::DetectorOptions detection;
  // fitted: the detector's box framed as FER2013 frames a face (its DetectorEntry::framing); box: as it is.
  std::string framing = "fitted";
  // Of the framed box's side, on every side, before the square crop (negative: tighter). Unset: the
  // detector's own (DetectorEntry::margin) for the fitted framing, 0 for the box as detected; both chosen on
  // FER2013's PublicTest pasted into real photos (`emorec faces parity`, experiments/RESULTS.md).
  std::optional<double> margin;
  int max_side = 1600;                // detection runs on the photo scaled to at most this longer side
  int64_t max_pixels = 40'000'000;    // larger photos are refused before decoding
};

struct FacePrediction {
  face::Face face;
  EmotionPrediction emotion;
};

struct PhotoPrediction {
  int width = 0, height = 0;          // of the upright photo
  std::vector<FacePrediction> faces;  // largest first; never empty
};

// The 48x48 crop of `face` that the model classifies: for the detector `none`, the whole image's centred
// square (the crop FER2013's own images had); else the detector's box, framed (options.framing) and grown by
// options.margin, through image::crop_face.
image::GrayImage model_crop(const image::GrayImage& photo, const face::Face& face, const FaceOptions& options);

// A photo in which the detector found no face (a DataError: the CLI exits 1, the server answers 422).
class NoFaceError : public DataError {
 public:
  using DataError::DataError;
};

// Detects and classifies every face of the photo at `image_path`. DataError naming the file when it cannot
// be decoded or is too large, NoFaceError when it has no face.
PhotoPrediction predict_photo(EmotionClassifier& classifier, const std::string& image_path,
                              const FaceOptions& options);

// The same for an upright photo already decoded (`origin` names it in errors), with a detector made from
// `options` by the caller (a detector serves one thread at a time).
PhotoPrediction predict_faces(EmotionClassifier& classifier, face::FaceDetector& detector,
                              const image::GrayImage& photo, const std::string& origin, const FaceOptions& options);

// The largest face's emotion (the CLI's one-photo path).
EmotionPrediction predict_emotion(const std::string& run_dir, const std::string& image_path,
                                  const std::string& checkpoint = "best", const FaceOptions& options = {});

}  // namespace emorec::run
