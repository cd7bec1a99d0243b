// emorec predict-emotion --run RUN --image PHOTO [--checkpoint best|last] [--detector NAME] [--margin M] [--json]
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/face_options.h"
#include "data/fer/fer2013.h"
#include "run/predict_emotion.h"

namespace emorec::cli {

Command add_predict_emotion(CLI::App& app) {
  struct Args {
    std::string run, image, checkpoint = "best";
    run::FaceOptions faces;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("predict-emotion", "find the faces in a photo and classify each one's emotion "
                                                    "with a trained FER run");
  sub->add_option("--run", args->run, "run folder of a fer/ model, e.g. runs/fer_seed_cnn/20261121-...")->required();
  sub->add_option("--image", args->image, "photo (JPEG, PNG, BMP, ...; any size, colour or grey; EXIF rotation "
                                          "honoured)")
      ->required();
  sub->add_option("--checkpoint", args->checkpoint, "which checkpoint")->check(CLI::IsMember({"best", "last"}));
  add_face_options(sub, &args->faces);
  sub->add_flag("--json", args->json, "print the faces, boxes and probabilities as JSON");
  return [args] {
    run::EmotionClassifier classifier(args->run, args->checkpoint);
    const auto p = run::predict_photo(classifier, args->image, args->faces);
    if (args->json) {
      auto j = photo_json(p);
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
