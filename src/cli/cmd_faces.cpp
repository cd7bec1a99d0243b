// emorec faces evaluate --truth XML [--detector NAME] [--upsample N] [--max-side N] [--iou T] [--json]
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/face_options.h"
#include "face/detector_quality.h"

namespace emorec::cli {

Command add_faces(CLI::App& app) {
  struct Args {
    std::string truth;
    run::FaceOptions faces;
    double iou = 0.5;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("faces", "face detection");
  sub->require_subcommand(1);
  auto* eval = sub->add_subcommand("evaluate",
                                   "precision, recall and time of a face detector on photos with "
                                   "ground-truth boxes (dlib's image-metadata XML)");
  eval->add_option("--truth", args->truth,
                   "dlib XML, e.g. /usr/share/doc/libdlib19.1/examples/faces/testing.xml")
      ->required();
  add_face_options(eval, &args->faces);
  eval->add_option("--iou", args->iou, "IoU at which a detection matches a true box")
      ->check(CLI::Range(0.05, 1.0));
  eval->add_flag("--json", args->json, "print the result as JSON");
  return [args] {
    auto detector = face::face_detectors().at(args->faces.detector).make(args->faces.detection);
    const auto q = face::measure_detector(*detector, args->truth, args->faces.max_side,
                                          args->faces.max_pixels, args->iou);
    if (args->json) {
      std::cout << nlohmann::json{{"truth", args->truth},
                                  {"detector", args->faces.detector},
                                  {"upsample", args->faces.detection.upsample},  // -1: the detector's default
                                  {"iou", args->iou},
                                  {"images", q.images},
                                  {"truths", q.truths},
                                  {"detections", q.detections},
                                  {"matched", q.matched},
                                  {"precision", q.precision},
                                  {"recall", q.recall},
                                  {"ms_per_image", q.ms_per_image}}
                       .dump(2)
                << "\n";
      return 0;
    }
    std::printf("%s on %s: %lld images, %lld faces, %lld detections, %lld matched at IoU %.2f\n",
                args->faces.detector.c_str(), args->truth.c_str(), static_cast<long long>(q.images),
                static_cast<long long>(q.truths), static_cast<long long>(q.detections),
                static_cast<long long>(q.matched), args->iou);
    std::printf("  precision %.3f, recall %.3f, %.1f ms per image (detection alone)\n", q.precision, q.recall,
                q.ms_per_image);
    return 0;
  };
}

}  // namespace emorec::cli
