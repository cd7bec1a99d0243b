// The detectors' constructors, for the registry (face_detector.cpp); each lives in its own file with its
// library's headers.
#pragma once
#include <memory>
#include <string>

#include "core/error.h"
#include "face/face_detector.h"

namespace emorec::face {

std::unique_ptr<FaceDetector> make_dlib_hog(const DetectorOptions& options);
std::unique_ptr<FaceDetector> make_opencv_cascade(const DetectorOptions& options,
                                                  const std::string& default_file, int default_upsample);

}  // namespace emorec::face
