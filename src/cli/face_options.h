// The face-detection options that every command reading photos shares (predict-emotion, recommend --image,
// faces evaluate).
#pragma once
#include <CLI/CLI.hpp>

#include "run/predict_emotion.h"

namespace emorec::cli {

void add_face_options(CLI::App* sub, run::FaceOptions* options);

}  // namespace emorec::cli
