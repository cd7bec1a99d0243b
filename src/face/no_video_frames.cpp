// VideoFrames in a training-only build (EMOREC_BUILD_APP=OFF, without OpenCV): opening a video is an error
// that says so; video_frames.cpp is the reader.
#include "core/error.h"
#include "face/video_frames.h"

namespace emorec::face {

struct VideoFrames::Capture {};

VideoFrames::VideoFrames(const std::string& path) : path_(path) {
  throw ConfigError("cannot read the video '" + path +
                    "': this EmoRec was built without OpenCV (EMOREC_BUILD_APP=OFF); rebuild with it ON");
}

VideoFrames::~VideoFrames() = default;

bool VideoFrames::next(image::GrayImage*, double*) {
  return false;
}

}  // namespace emorec::face
