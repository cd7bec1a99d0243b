// emorec faces evaluate --truth XML [--detector NAME] [--upsample N] [--max-side N] [--iou T] [--json]
// emorec faces parity --run FER_RUN --background PHOTO... [--split eval|test] [--margins M,...] [--limit N]
//                     [--framings box,fitted] [--seed S] [--detector NAME ...] [--json]
// emorec faces fit-framing --run FER_RUN --background PHOTO... [--split train] [--limit N] [--seed S]
//                          [--detector NAME ...] [--json]
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/face_options.h"
#include "face/detector_quality.h"
#include "run/face_parity.h"

namespace emorec::cli {

namespace {

struct Args {
  std::string truth;
  run::FaceOptions faces;
  double iou = 0.5;
  bool json = false;
  std::string run;
  std::vector<std::string> backgrounds;
  run::ParityOptions parity;
  run::CompositeOptions fit{"train", 96, 0.6, 3000, 1};
};

// What `parity --json` and `fit-framing --json` share: the command's inputs and the composites' counts.
template <class Result>
nlohmann::json composites_json(const Args& args, const std::string& split, uint64_t seed, const Result& r) {
  return {{"run", args.run},
          {"split", split},
          {"detector", args.faces.detector},
          {"upsample", args.faces.detection.upsample},
          {"seed", seed},
          {"images", r.images},
          {"detected", r.detected},
          {"on_target", r.on_target},
          {"backgrounds", r.backgrounds},
          {"skipped_backgrounds", r.skipped_backgrounds},
          {"seconds", r.seconds}};
}

}  // namespace

Command add_faces(CLI::App& app) {
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
  parity->add_option("--split", args->parity.composites.split,
                     "eval (PublicTest: choose the framing and margin) or test (PrivateTest)")
      ->check(CLI::IsMember({"eval", "test"}));
  parity->add_option("--framings", args->parity.framings, "box (as detected) and/or fitted (FER2013's framing)")
      ->delimiter(',')
      ->check(CLI::IsMember({"box", "fitted"}));
  parity
      ->add_option("--margins", args->parity.margins,
                   "margins to crop the detected face with (negative: tighter than the framed box)")
      ->delimiter(',')
      ->check(CLI::Range(-0.25, 2.0));
  parity->add_option("--limit", args->parity.composites.limit, "a seeded sample of N images of the split")
      ->check(CLI::NonNegativeNumber);
  parity->add_option("--seed", args->parity.composites.seed, "seed of the backgrounds, sizes and places");
  add_face_options(parity, &args->faces);
  parity->add_flag("--json", args->json, "print the result as JSON");
  auto* fit = sub->add_subcommand("fit-framing",
                                  "FER Training images pasted into real photos: the scale and shift that make "
                                  "the detector's box FER2013's framing of the face");
  fit->add_option("--run", args->run, "run folder of a fer/ model (its config names the data)")->required();
  fit->add_option("--background", args->backgrounds, "real photos with no face")->required();
  fit->add_option("--split", args->fit.split, "train (Training; the default)")->check(CLI::IsMember({"train"}));
  fit->add_option("--limit", args->fit.limit, "a seeded sample of N images of the split (0: all)")
      ->check(CLI::NonNegativeNumber);
  fit->add_option("--seed", args->fit.seed, "seed of the sample, backgrounds, sizes and places");
  add_face_options(fit, &args->faces);
  fit->add_flag("--json", args->json, "print the result as JSON");
  return [args, parity, fit] {
    if (fit->parsed()) {
      const auto r = run::fit_framing(args->run, args->backgrounds, args->faces, args->fit);
      if (args->json) {
        auto out = composites_json(*args, args->fit.split, args->fit.seed, r);
        out.update({{"scale", r.framing.scale},
                    {"shift_x", r.framing.shift_x},
                    {"shift_y", r.framing.shift_y},
                    {"median_iou_box", r.median_iou_box},
                    {"median_iou_framed", r.median_iou_framed}});
        std::cout << out.dump(2) << "\n";
        return 0;
      }
      std::printf("%s on %lld %s composites: a face found in %lld, on the pasted square in %lld; %.0f s\n",
                  args->faces.detector.c_str(), static_cast<long long>(r.images), args->fit.split.c_str(),
                  static_cast<long long>(r.detected), static_cast<long long>(r.on_target), r.seconds);
      std::printf("  framing: scale %.4f, shift_x %.4f, shift_y %.4f; median IoU with the pasted square %.3f "
                  "(the box as detected: %.3f)\n",
                  r.framing.scale, r.framing.shift_x, r.framing.shift_y, r.median_iou_framed, r.median_iou_box);
      return 0;
    }
    if (parity->parsed()) {
      const auto r = run::measure_parity(args->run, args->backgrounds, args->faces, args->parity);
      const auto pct = [&](int64_t n, int64_t of) { return of > 0 ? 100.0 * static_cast<double>(n) / of : 0.0; };
      if (args->json) {
        nlohmann::json crops = nlohmann::json::array();
        for (const auto& m : r.crops) {
          crops.push_back({{"framing", m.framing},
                           {"margin", m.margin},
                           {"median_iou", m.median_iou},
                           {"accuracy", pct(m.correct, r.images) / 100},
                           {"accuracy_on_detected", pct(m.correct_on_detected, r.detected) / 100}});
        }
        auto out = composites_json(*args, r.split, args->parity.composites.seed, r);
        out.update({{"cached_accuracy", pct(r.cached_correct, r.images) / 100},
                    {"cached_accuracy_on_detected", pct(r.cached_correct_on_detected, r.detected) / 100},
                    {"pasted_box_accuracy", pct(r.pasted_box_correct, r.images) / 100},
                    {"crops", crops}});
        std::cout << out.dump(2) << "\n";
        return 0;
      }
      std::printf("%s, %s split: %lld images pasted into %zu backgrounds (%zu skipped: a face of their own); "
                  "%s found a face in %lld (%.1f%%), on the pasted square in %lld; %.0f s\n",
                  args->run.c_str(), r.split.c_str(), static_cast<long long>(r.images), r.backgrounds.size(),
                  r.skipped_backgrounds.size(), args->faces.detector.c_str(), static_cast<long long>(r.detected),
                  pct(r.detected, r.images), static_cast<long long>(r.on_target), r.seconds);
      std::printf("  cached pixels:        accuracy %.2f%% (on the detected images %.2f%%)\n",
                  pct(r.cached_correct, r.images), pct(r.cached_correct_on_detected, r.detected));
      std::printf("  pasted square, no detector: %.2f%%\n", pct(r.pasted_box_correct, r.images));
      for (const auto& m : r.crops) {
        std::printf("  detected, %s, margin %.2f: accuracy %.2f%% (misses wrong), %.2f%% on the detected images; "
                    "median IoU %.3f\n",
                    m.framing.c_str(), m.margin, pct(m.correct, r.images), pct(m.correct_on_detected, r.detected),
                    m.median_iou);
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
