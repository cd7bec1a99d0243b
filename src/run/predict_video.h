// The emotion through a video: every `every`-th frame goes through the photo path (detection, the shared
// crop, the FER run's model) on its largest face, and the probabilities are smoothed over the last `window`
// frames that had a face (a moving average), so one odd frame does not flip the label.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "run/predict_emotion.h"

namespace emorec::run {

struct VideoOptions {
  int64_t every = 1;   // classify every n-th frame
  int64_t window = 5;  // frames with a face averaged into the smoothed probabilities
};

struct VideoFrame {
  int64_t index = 0;  // frame number in the file
  double seconds = 0;
  int64_t faces = 0;
  std::optional<face::Face> face;                 // the largest face, if any
  std::array<double, 7> probabilities{};          // of that face (zeros without one)
  std::optional<std::array<double, 7>> smoothed;  // over the window; none before the first face
  int label = -1;                                 // argmax of smoothed; -1 before the first face
};

struct VideoPrediction {
  double fps = 0;
  int64_t frames = 0;                // read from the file
  std::vector<VideoFrame> timeline;  // the classified frames
  int64_t with_face = 0;
  std::array<double, 7> mean{};  // mean probabilities over the frames with a face
};

// DataError naming the file when it is not a readable video or no classified frame has a face.
VideoPrediction predict_video(EmotionClassifier& classifier, const std::string& video_path,
                              const FaceOptions& faces, const VideoOptions& options);

}  // namespace emorec::run
