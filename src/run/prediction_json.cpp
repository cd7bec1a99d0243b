#include "run/prediction_json.h"

#include <cmath>

#include "data/fer/fer2013.h"

namespace emorec::run {

nlohmann::json box_json(const image::Box& b) {
  return {{"x", b.x}, {"y", b.y}, {"width", b.width}, {"height", b.height}};
}

nlohmann::json probabilities_json(const std::array<double, 7>& p) {
  const auto& names = data::fer_class_names();
  nlohmann::json o = nlohmann::json::object();
  for (size_t k = 0; k < names.size(); ++k) o[names[k]] = p[k];
  return o;
}

nlohmann::json photo_json(const PhotoPrediction& p) {
  const auto& names = data::fer_class_names();
  nlohmann::json faces = nlohmann::json::array();
  for (const auto& f : p.faces) {
    faces.push_back({{"box", box_json(f.face.box)},
                     {"score", std::isfinite(f.face.score) ? nlohmann::json(f.face.score) : nlohmann::json()},
                     {"emotion", names[static_cast<size_t>(f.emotion.label)]},
                     {"probabilities", probabilities_json(f.emotion.probabilities)}});
  }
  return {{"width", p.width}, {"height", p.height}, {"faces", faces}};
}

}  // namespace emorec::run
