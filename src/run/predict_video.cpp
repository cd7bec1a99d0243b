#include "run/predict_video.h"

#include <algorithm>
#include <deque>

#include "core/error.h"
#include "face/video_frames.h"
#include "image/gray_image.h"

namespace emorec::run {

VideoPrediction predict_video(EmotionClassifier& classifier, const std::string& path,
                              const FaceOptions& faces, const VideoOptions& options) {
  if (options.every < 1 || options.window < 1) {
    throw ConfigError("video: --every and --window must be at least 1");
  }
  face::VideoFrames video(path);
  auto detector = face::face_detectors().at(faces.detector).make(faces.detection);
  VideoPrediction out;
  out.fps = video.fps();
  std::deque<std::array<double, 7>> recent;
  image::GrayImage frame;
  double seconds = 0;
  for (int64_t index = 0; video.next(&frame, &seconds); ++index) {
    ++out.frames;
    if (index % options.every != 0) continue;
    VideoFrame row;
    row.index = index, row.seconds = seconds;
    const auto found = face::detect_faces(*detector, frame, faces.max_side);
    row.faces = static_cast<int64_t>(found.size());
    if (!found.empty()) {
      row.face = found.front();
      row.probabilities = classifier.classify(model_crop(frame, found.front(), faces)).probabilities;
      recent.push_back(row.probabilities);
      if (static_cast<int64_t>(recent.size()) > options.window) recent.pop_front();
      ++out.with_face;
      for (size_t k = 0; k < 7; ++k) out.mean[k] += row.probabilities[k];
    }
    if (!recent.empty()) {
      std::array<double, 7> s{};
      for (const auto& p : recent) {
        for (size_t k = 0; k < 7; ++k) s[k] += p[k] / static_cast<double>(recent.size());
      }
      row.smoothed = s;
      row.label = static_cast<int>(std::max_element(s.begin(), s.end()) - s.begin());
    }
    out.timeline.push_back(row);
  }
  if (out.frames == 0) throw DataError(path + ": the video has no frame OpenCV can decode");
  if (out.with_face == 0) {
    throw NoFaceError(path + ": no face found by the detector " + faces.detector + " in any of the " +
                      std::to_string(out.timeline.size()) + " classified frames");
  }
  for (auto& m : out.mean) m /= static_cast<double>(out.with_face);
  return out;
}

}  // namespace emorec::run
