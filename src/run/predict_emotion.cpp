#include "run/predict_emotion.h"

#include "core/device.h"
#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/fer/fer2013.h"
#include "image/face_crop.h"
#include "image/photo.h"
#include "run/components.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "train/checkpoint.h"
#include "train/fer_trainer.h"

namespace emorec::run {

torch::Tensor face_tensor(const image::GrayImage& face) {
  if (face.width != data::kFerSide || face.height != data::kFerSide) {
    throw std::invalid_argument("face_tensor: expected a 48x48 crop");
  }
  return torch::from_blob(const_cast<uint8_t*>(face.pixels.data()), {1, data::kFerSide, data::kFerSide}, torch::kUInt8)
      .clone();
}

namespace {
config::ExperimentConfig fer_run_config(const RunDir& dir, const std::string& run_dir) {
  auto config = load_run_config(dir.file("config.yaml"));
  if (!data::is_image_dataset(config.data.dataset)) {
    throw ConfigError(run_dir + ": a run of " + config.model.name + " on " + config.data.dataset +
                      " is not a facial-emotion model");
  }
  return config;
}
}  // namespace

EmotionClassifier::EmotionClassifier(const std::string& run_dir, const std::string& checkpoint)
    : config_(fer_run_config(RunDir::open(run_dir), run_dir)), device_(resolve_device(config_.device)) {
  model_ = train::build_fer_model(config_, device_);
  epoch_ = train::load_checkpoint(RunDir::open(run_dir).checkpoint(checkpoint), *model_, nullptr).epochs_done;
}

EmotionPrediction EmotionClassifier::classify(const image::GrayImage& face48) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto logits = train::fer_eval_logits(*model_, face_tensor(face48), config_, device_);
  const auto p = torch::softmax(logits, 1).to(torch::kCPU, torch::kDouble).contiguous();
  EmotionPrediction out;
  out.epoch = epoch_;
  for (int k = 0; k < 7; ++k) out.probabilities[static_cast<size_t>(k)] = p.data_ptr<double>()[k];
  out.label = static_cast<int>(p.argmax(1).item<int64_t>());
  return out;
}

PhotoPrediction predict_photo(EmotionClassifier& classifier, const std::string& image_path,
                              const FaceOptions& options) {
  const auto photo = image::read_photo(image_path, options.max_pixels);
  auto detector = face::face_detectors().at(options.detector).make(options.detection);
  return predict_faces(classifier, *detector, photo, image_path, options);
}

image::GrayImage model_crop(const image::GrayImage& photo, const face::Face& face, const FaceOptions& options) {
  if (options.detector == "none") return image::to_face(photo, data::kFerSide);
  if (options.framing != "fitted" && options.framing != "box") {
    throw ConfigError("face framing must be fitted or box, not " + options.framing);
  }
  const auto& entry = face::face_detectors().at(options.detector);
  const bool fitted = options.framing == "fitted";
  const auto box = fitted ? image::frame_box(face.box, entry.framing) : face.box;
  return image::crop_face(photo, box, options.margin.value_or(fitted ? entry.margin : 0.0), data::kFerSide);
}

PhotoPrediction predict_faces(EmotionClassifier& classifier, face::FaceDetector& detector,
                              const image::GrayImage& photo, const std::string& origin, const FaceOptions& options) {
  const auto faces = face::detect_faces(detector, photo, options.max_side);
  if (faces.empty()) {
    throw NoFaceError(origin + ": no face found by the detector " + options.detector +
                    " (another detector may find one; --detector none classifies the whole image, for photos "
                    "that are already face crops)");
  }
  PhotoPrediction out;
  out.width = photo.width, out.height = photo.height;
  for (const auto& f : faces) out.faces.push_back({f, classifier.classify(model_crop(photo, f, options))});
  return out;
}

EmotionPrediction predict_emotion(const std::string& run_dir, const std::string& image_path,
                                  const std::string& checkpoint, const FaceOptions& options) {
  EmotionClassifier classifier(run_dir, checkpoint);
  return predict_photo(classifier, image_path, options).faces.front().emotion;
}

}  // namespace emorec::run
