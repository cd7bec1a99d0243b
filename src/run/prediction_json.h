// The JSON of emotion predictions, shared by `emorec predict-emotion --json`, `recommend --json` and the
// server's API, so a script sees the same fields from all three.
#pragma once
#include <array>

#include <nlohmann/json.hpp>

#include "run/predict_emotion.h"

namespace emorec::run {

// {"x", "y", "width", "height"}
nlohmann::json box_json(const image::Box& box);

// {"angry": p, ..., "neutral": p} in FER order.
nlohmann::json probabilities_json(const std::array<double, 7>& p);

// {"width", "height", "faces": [{"box": {x, y, width, height}, "score", "emotion", "probabilities": {...}}]}
nlohmann::json photo_json(const PhotoPrediction& p);

}  // namespace emorec::run
