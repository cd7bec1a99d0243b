// emorec predict-emotion --run RUN --image face.png [--checkpoint best|last]
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "data/fer/fer2013.h"
#include "run/predict_emotion.h"

namespace emorec::cli {

Command add_predict_emotion(CLI::App& app) {
  struct Args {
    std::string run, image, checkpoint = "best";
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("predict-emotion", "classify the facial emotion in a photo with a trained FER run");
  sub->add_option("--run", args->run, "run folder of a fer/ model, e.g. runs/fer_seed_cnn/20261121-...")->required();
  sub->add_option("--image", args->image, "face photo (JPEG, PNG, BMP, ...; any size, colour or grey)")->required();
  sub->add_option("--checkpoint", args->checkpoint, "which checkpoint")->check(CLI::IsMember({"best", "last"}));
  return [args] {
    const auto p = run::predict_emotion(args->run, args->image, args->checkpoint);
    const auto& names = data::fer_class_names();
    std::printf("%s: %s (%s checkpoint, epoch %lld)\n", args->image.c_str(), names[static_cast<size_t>(p.label)].c_str(),
                args->checkpoint.c_str(), static_cast<long long>(p.epoch));
    for (size_t k = 0; k < names.size(); ++k) std::printf("  %-9s %.4f\n", names[k].c_str(), p.probabilities[k]);
    return 0;
  };
}

}  // namespace emorec::cli
