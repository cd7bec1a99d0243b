// emorec faces evaluate --truth XML [--detector NAME] [--upsample N] [--max-side N] [--iou T] [--json]
// emorec faces parity --run FER_RUN --background PHOTO... [--split eval|test] [--margins M,...] [--limit N]
//                     [--seed S] [--detector NAME ...] [--json]
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/face_options.h"
#include "face/detector_quality.h"
#include "run/face_parity.h"

namespace emorec::cli {

Command add_faces(CLI::App& app) {
  struct Args {
    std::string truth;
    run::FaceOptions faces;
    double iou = 0.5;
    bool json = false;
    std::string run;
    std::vector<std::string> backgrounds;
    run::ParityOptions parity;
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
  auto* parity = sub->add_subcommand("parity",
                                     "FER images pasted into real photos: accuracy through detection and the "
                                     "shared crop against the cached pixels");
  parity->add_option("--run", args->run, "run folder of a fer/ model")->required();
  parity->add_option("--background", args->backgrounds, "real photos with no face, e.g. scikit-image's coffee.png")
      ->required();
  parity->add_option("--split", args->parity.split, "eval (PublicTest: choose the margin) or test (PrivateTest)")
      ->check(CLI::IsMember({"eval", "test"}));
  parity->add_option("--margins", args->parity.margins, "margins to crop the detected face with")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 2.0));
  parity->add_option("--limit", args->parity.limit, "a seeded sample of N images of the split")->check(CLI::NonNegativeNumber);
  parity->add_option("--seed", args->parity.seed, "seed of the backgrounds, sizes and places");
  add_face_options(parity, &args->faces);
  parity->add_flag("--json", args->json, "print the result as JSON");
  return [args, parity] {
    if (parity->parsed()) {
      const auto r = run::measure_parity(args->run, args->backgrounds, args->faces, args->parity);
      const auto pct = [&](int64_t n, int64_t of) { return of > 0 ? 100.0 * static_cast<double>(n) / of : 0.0; };
      if (args->json) {
        nlohmann::json margins = nlohmann::json::array();
        for (const auto& m : r.margins) {
          margins.push_back({{"margin", m.margin},
                             {"accuracy", pct(m.correct, r.images) / 100},
                             {"accuracy_on_detected", pct(m.correct_on_detected, r.detected) / 100}});
        }
        std::cout << nlohmann::json{{"run", args->run},
                                    {"split", r.split},
                                    {"detector", args->faces.detector},
                                    {"upsample", args->faces.detection.upsample},
                                    {"seed", args->parity.seed},
                                    {"images", r.images},
                                    {"detected", r.detected},
                                    {"on_target", r.on_target},
                                    {"median_iou", r.median_iou},
                                    {"cached_accuracy", pct(r.cached_correct, r.images) / 100},
                                    {"cached_accuracy_on_detected", pct(r.cached_correct_on_detected, r.detected) / 100},
                                    {"pasted_box_accuracy", pct(r.pasted_box_correct, r.images) / 100},
                                    {"margins", margins},
                                    {"backgrounds", r.backgrounds},
                                    {"skipped_backgrounds", r.skipped_backgrounds},
                                    {"seconds", r.seconds}}
                         .dump(2)
                  << "\n";
        return 0;
      }
      std::printf("%s, %s split: %lld images pasted into %zu backgrounds (%zu skipped: a face of their own); "
                  "%s found a face in %lld (%.1f%%), on the pasted square in %lld (median IoU %.2f); %.0f s\n",
                  args->run.c_str(), r.split.c_str(), static_cast<long long>(r.images), r.backgrounds.size(),
                  r.skipped_backgrounds.size(), args->faces.detector.c_str(), static_cast<long long>(r.detected),
                  pct(r.detected, r.images), static_cast<long long>(r.on_target), r.median_iou, r.seconds);
      std::printf("  cached pixels:        accuracy %.2f%% (on the detected images %.2f%%)\n",
                  pct(r.cached_correct, r.images), pct(r.cached_correct_on_detected, r.detected));
      std::printf("  pasted square, no detector: %.2f%%\n", pct(r.pasted_box_correct, r.images));
      for (const auto& m : r.margins) {
        std::printf("  detected, margin %.2f: accuracy %.2f%% (misses wrong), %.2f%% on the detected images\n",
                    m.margin, pct(m.correct, r.images), pct(m.correct_on_detected, r.detected));
      }
      return 0;
    }
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
