// emorec predict-emotion --run RUN (--image PHOTO | --video FILE [--every N] [--window W]) [--checkpoint best|last]
//                        [--detector NAME] [--margin M] [--json]
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "cli/face_options.h"
#include "data/fer/fer2013.h"
#include "run/predict_emotion.h"
#include "run/predict_video.h"
#include "run/prediction_json.h"

namespace emorec::cli {
namespace {

int print_video(run::EmotionClassifier& classifier, const std::string& path, const run::FaceOptions& faces,
                const run::VideoOptions& frames, bool json) {
  const auto v = run::predict_video(classifier, path, faces, frames);
  const auto& names = data::fer_class_names();
  const auto probs = run::probabilities_json;
  if (json) {
    nlohmann::json timeline = nlohmann::json::array();
    for (const auto& f : v.timeline) {
      nlohmann::json row{{"frame", f.index}, {"seconds", f.seconds}, {"faces", f.faces}};
      if (f.face) {
        row["box"] = run::box_json(f.face->box);
        row["probabilities"] = probs(f.probabilities);
      }
      if (f.smoothed) {
        row["smoothed"] = probs(*f.smoothed);
        row["emotion"] = names[static_cast<size_t>(f.label)];
      }
      timeline.push_back(row);
    }
    std::cout << nlohmann::json{{"video", path},
                                {"detector", faces.detector},
                                {"fps", v.fps},
                                {"frames", v.frames},
                                {"every", frames.every},
                                {"window", frames.window},
                                {"with_face", v.with_face},
                                {"mean", probs(v.mean)},
                                {"epoch", classifier.epoch()},
                                {"timeline", timeline}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::printf("%s: %lld frames at %.1f fps, %zu classified (every %lld), %lld with a face, by %s; smoothed over %lld\n",
              path.c_str(), static_cast<long long>(v.frames), v.fps, v.timeline.size(),
              static_cast<long long>(frames.every), static_cast<long long>(v.with_face), faces.detector.c_str(),
              static_cast<long long>(frames.window));
  for (const auto& f : v.timeline) {
    if (!f.face) {
      std::printf("  %7.2f s  frame %5lld  no face%s%s\n", f.seconds, static_cast<long long>(f.index),
                  f.smoothed ? "  smoothed " : "", f.smoothed ? names[static_cast<size_t>(f.label)].c_str() : "");
      continue;
    }
    const auto raw = static_cast<size_t>(std::max_element(f.probabilities.begin(), f.probabilities.end()) -
                                         f.probabilities.begin());
    std::printf("  %7.2f s  frame %5lld  %lld face(s)  %-8s %.2f  smoothed %-8s %.2f\n", f.seconds,
                static_cast<long long>(f.index), static_cast<long long>(f.faces), names[raw].c_str(),
                f.probabilities[raw], names[static_cast<size_t>(f.label)].c_str(),
                (*f.smoothed)[static_cast<size_t>(f.label)]);
  }
  std::printf("mean over the frames with a face:");
  for (size_t k = 0; k < names.size(); ++k) std::printf(" %s %.3f", names[k].c_str(), v.mean[k]);
  std::printf("\n");
  return 0;
}

}  // namespace

Command add_predict_emotion(CLI::App& app) {
  struct Args {
    std::string run, image, video, checkpoint = "best";
    run::FaceOptions faces;
    run::VideoOptions frames;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("predict-emotion", "find the faces in a photo and classify each one's emotion "
                                                    "with a trained FER run");
  sub->add_option("--run", args->run, "run folder of a fer/ model, e.g. runs/fer_seed_cnn/20261121-...")->required();
  auto* image = sub->add_option("--image", args->image,
                                "photo (JPEG, PNG, BMP, ...; any size, colour or grey; EXIF rotation honoured)");
  auto* video = sub->add_option("--video", args->video, "video file: a timeline of the largest face's emotion");
  image->excludes(video);
  sub->add_option("--every", args->frames.every, "with --video: classify every n-th frame")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  sub->add_option("--window", args->frames.window, "with --video: frames with a face averaged for the label")
      ->check(CLI::Range(int64_t{1}, int64_t{10000}));
  sub->add_option("--checkpoint", args->checkpoint, "which checkpoint")->check(CLI::IsMember({"best", "last"}));
  add_face_options(sub, &args->faces);
  sub->add_flag("--json", args->json, "print the faces, boxes and probabilities as JSON");
  return [args] {
    if (args->image.empty() == args->video.empty()) throw ConfigError("predict-emotion: give --image or --video");
    run::EmotionClassifier classifier(args->run, args->checkpoint);
    if (!args->video.empty()) return print_video(classifier, args->video, args->faces, args->frames, args->json);
    const auto p = run::predict_photo(classifier, args->image, args->faces);
    if (args->json) {
      auto j = run::photo_json(p);
      j["image"] = args->image;
      j["detector"] = args->faces.detector;
      j["checkpoint"] = args->checkpoint;
      j["epoch"] = classifier.epoch();
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    const auto& names = data::fer_class_names();
    std::printf("%s (%d x %d): %zu face(s) by %s; %s checkpoint, epoch %lld\n", args->image.c_str(), p.width,
                p.height, p.faces.size(), args->faces.detector.c_str(), args->checkpoint.c_str(),
                static_cast<long long>(classifier.epoch()));
    for (size_t i = 0; i < p.faces.size(); ++i) {
      const auto& f = p.faces[i];
      std::printf("face %zu%s at x %d, y %d, %d x %d (score %.2f): %s\n", i + 1, i == 0 ? " (largest)" : "",
                  f.face.box.x, f.face.box.y, f.face.box.width, f.face.box.height, f.face.score,
                  names[static_cast<size_t>(f.emotion.label)].c_str());
      for (size_t k = 0; k < names.size(); ++k) {
        std::printf("  %-9s %.4f\n", names[k].c_str(), f.emotion.probabilities[k]);
      }
    }
    return 0;
  };
}

}  // namespace emorec::cli
