#include "models/fer/fer_registry.h"

#include "models/fer/resnet.h"
#include "models/fer/seed_cnn.h"
#include "models/fer/vgg.h"

namespace emorec::models {

void FerClassifierConfig::visit(config::ConfigVisitor& v) {
  v.field("dropout", dropout, config::NumberRule::range(0, 0.99), "dropout of the classifier layers");
}

const Registry<FerModelEntry>& fer_model_registry() {
  static const Registry<FerModelEntry> r = [] {
    Registry<FerModelEntry> reg("FER model");
    const auto classifier = [] { return config::make_options<FerClassifierConfig>(); };
    reg.add("fer/seed_cnn", {"the seed system's CNN (Keras): 4 valid 3x3 convolutions, dense 1024, 2.35 M parameters",
                             [] { return config::make_options<config::NoOptions>(); },
                             [](const config::ComponentOptions&, int64_t s) -> std::shared_ptr<FerModel> {
                               return std::make_shared<SeedCnn>(s);
                             }});
    reg.add("fer/vgg", {"VGG variant of Khaireddin and Chen 2021: 4x(2 conv+BN+ReLU, max-pool), FC 4096-4096-7",
                        classifier,
                        [](const config::ComponentOptions& c, int64_t s) -> std::shared_ptr<FerModel> {
                          return std::make_shared<FerVgg>(s, c.as<FerClassifierConfig>().dropout);
                        }});
    reg.add("fer/resnet", {"ResNet-18 for 48x48 faces: 3x3 stem without max-pool, 4x2 basic blocks, global pooling",
                           classifier,
                           [](const config::ComponentOptions& c, int64_t) -> std::shared_ptr<FerModel> {
                             return std::make_shared<FerResNet>(c.as<FerClassifierConfig>().dropout);
                           }});
    return reg;
  }();
  return r;
}

}  // namespace emorec::models
