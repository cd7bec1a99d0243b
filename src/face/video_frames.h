// Frames of a video file (any container and codec OpenCV's videoio reads: AVI/MJPEG always, others through
// the FFmpeg libraries Debian's OpenCV links), as grey images with their time stamps.
#pragma once
#include <memory>
#include <string>

#include "image/gray_image.h"

namespace emorec::face {

class VideoFrames {
 public:
  // DataError naming `path` when it cannot be opened as a video.
  explicit VideoFrames(const std::string& path);
  ~VideoFrames();
  VideoFrames(const VideoFrames&) = delete;
  VideoFrames& operator=(const VideoFrames&) = delete;

  // The next frame and its time in seconds; false at the end.
  bool next(image::GrayImage* frame, double* seconds);
  double fps() const { return fps_; }

 private:
  struct Capture;
  std::unique_ptr<Capture> capture_;
  std::string path_;
  double fps_ = 0;
  long long index_ = 0;
};

}  // namespace emorec::face
