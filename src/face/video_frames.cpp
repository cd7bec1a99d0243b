// Video frames through OpenCV's videoio.
#include "face/video_frames.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <filesystem>

#include "core/error.h"

namespace emorec::face {

struct VideoFrames::Capture {
  cv::VideoCapture video;
};

VideoFrames::VideoFrames(const std::string& path) : capture_(std::make_unique<Capture>()), path_(path) {
  if (!std::filesystem::is_regular_file(path)) throw DataError(path + ": cannot open the video");
  if (!capture_->video.open(path, cv::CAP_ANY) || !capture_->video.isOpened()) {
    throw DataError(path + ": not a video OpenCV can read");
  }
  fps_ = capture_->video.get(cv::CAP_PROP_FPS);
  if (!(fps_ > 0) || fps_ > 1000)
    fps_ = 25;  // containers without a rate: frames are numbered at 25 per second
}

VideoFrames::~VideoFrames() = default;

bool VideoFrames::next(image::GrayImage* frame, double* seconds) {
  cv::Mat bgr;
  if (!capture_->video.read(bgr) || bgr.empty()) return false;
  cv::Mat grey;
  if (bgr.channels() == 1) {
    grey = bgr;
  } else {
    cv::cvtColor(bgr, grey, bgr.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  }
  if (!grey.isContinuous()) grey = grey.clone();
  frame->width = grey.cols, frame->height = grey.rows;
  frame->pixels.assign(grey.data,
                       grey.data + static_cast<size_t>(grey.cols) * static_cast<size_t>(grey.rows));
  *seconds = static_cast<double>(index_++) / fps_;
  return true;
}

}  // namespace emorec::face
