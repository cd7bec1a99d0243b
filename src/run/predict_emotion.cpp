#include "run/predict_emotion.h"

#include "config/experiment.h"
#include "core/device.h"
#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/fer/fer2013.h"
#include "run/components.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "train/checkpoint.h"
#include "train/fer_trainer.h"

namespace emorec::run {

torch::Tensor face_tensor(const image::GrayImage& img) {
  const auto face = image::to_face(img, data::kFerSide);
  return torch::from_blob(const_cast<uint8_t*>(face.pixels.data()), {1, data::kFerSide, data::kFerSide}, torch::kUInt8)
      .clone();
}

EmotionPrediction predict_emotion(const std::string& run_dir, const std::string& image_path,
                                  const std::string& checkpoint) {
  const RunDir dir = RunDir::open(run_dir);
  const auto config = load_run_config(dir.file("config.yaml"));
  if (!data::is_image_dataset(config.data.dataset)) {
    throw ConfigError(run_dir + ": a run of " + config.model.name + " on " + config.data.dataset +
                      " is not a facial-emotion model");
  }
  const auto device = resolve_device(config.device);
  auto model = train::build_fer_model(config, device);
  EmotionPrediction out;
  out.epoch = train::load_checkpoint(dir.checkpoint(checkpoint), *model, nullptr).epochs_done;
  const auto logits = train::fer_eval_logits(*model, face_tensor(image::read_image(image_path)), config, device);
  const auto p = torch::softmax(logits, 1).to(torch::kCPU, torch::kDouble).contiguous();
  for (int k = 0; k < 7; ++k) out.probabilities[static_cast<size_t>(k)] = p.data_ptr<double>()[k];
  out.label = static_cast<int>(p.argmax(1).item<int64_t>());
  return out;
}

}  // namespace emorec::run
