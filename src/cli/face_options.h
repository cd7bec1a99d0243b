// The face-detection options that every command reading photos shares (predict-emotion, recommend --image,
// faces evaluate), and the JSON of a photo's faces.
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "run/predict_emotion.h"

namespace emorec::cli {

void add_face_options(CLI::App* sub, run::FaceOptions* options);

// {"x", "y", "width", "height"}
nlohmann::json box_json(const image::Box& box);

// {"width", "height", "faces": [{"box": {x, y, width, height}, "score", "emotion", "probabilities": {...}}]}
nlohmann::json photo_json(const run::PhotoPrediction& p);

}  // namespace emorec::cli
