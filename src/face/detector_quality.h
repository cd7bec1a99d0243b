// A detector measured against ground-truth boxes in dlib's image-metadata XML (the format of the labelled
// example faces that libdlib's documentation ships: examples/faces/training.xml and testing.xml): precision
// and recall at an IoU threshold, and the time per image.
#pragma once
#include <cstdint>
#include <string>

#include "face/face_detector.h"

namespace emorec::face {

// Intersection over union of two boxes.
double iou(const image::Box& a, const image::Box& b);

struct DetectorQuality {
  int64_t images = 0, truths = 0, detections = 0, matched = 0;  // boxes marked ignore are left out
  double precision = 0, recall = 0;
  double ms_per_image = 0;  // detection alone (decoding excluded), mean over the images
};

// Detections matched greedily, highest score first, each to the unmatched truth of highest IoU >= `min_iou`;
// a detection on a box marked ignore counts neither way. Images are read relative to the XML's folder.
// DataError naming the file for an unreadable XML or image.
DetectorQuality measure_detector(FaceDetector& detector, const std::string& xml, int max_side,
                                 int64_t max_pixels, double min_iou = 0.5);

}  // namespace emorec::face
