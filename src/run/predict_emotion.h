// Inference of a trained FER run on one photo: the image (any size, colour or grey) becomes the 48x48 grey
// face crop the training data is (image::to_face), then goes through the same evaluation view and model as
// the run's evaluation (train::fer_eval_logits), so training and inference cannot drift apart.
#pragma once
#include <array>
#include <string>

#include <torch/torch.h>

#include "image/gray_image.h"

namespace emorec::run {

struct EmotionPrediction {
  std::array<double, 7> probabilities{};  // CSV label order (data::fer_class_names())
  int label = 0;                          // the most probable class
  int64_t epoch = 0;                      // epoch of the checkpoint used
};

// uint8 [1, 48, 48]: the face tensor of an image, exactly as a training image is stored.
torch::Tensor face_tensor(const image::GrayImage& image);

// Loads `run_dir`'s config and checkpoints/<checkpoint>.pt and classifies the image file.
EmotionPrediction predict_emotion(const std::string& run_dir, const std::string& image_path,
                                  const std::string& checkpoint = "best");

}  // namespace emorec::run
