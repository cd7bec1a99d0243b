// The FER models' builds by name.
#include "models/fer/fer_registry.h"

#include "models/fer/resnet.h"
#include "models/fer/seed_cnn.h"
#include "models/fer/vgg.h"
#include "models/model_choices.h"

namespace emorec::models {

const Registry<FerModelEntry>& fer_model_registry() {
  static const Registry<FerModelEntry> r = [] {
    Registry<FerModelEntry> reg("FER model");
    reg.add("fer/seed_cnn", {[](const config::ComponentOptions&, int64_t s) -> std::shared_ptr<FerModel> {
              return std::make_shared<SeedCnn>(s);
            }});
    reg.add("fer/vgg", {[](const config::ComponentOptions& c, int64_t s) -> std::shared_ptr<FerModel> {
              return std::make_shared<FerVgg>(s, c.as<FerClassifierConfig>().dropout);
            }});
    reg.add("fer/resnet", {[](const config::ComponentOptions& c, int64_t) -> std::shared_ptr<FerModel> {
              return std::make_shared<FerResNet>(c.as<FerClassifierConfig>().dropout);
            }});
    config::expect_same_names(model_choices(), "images", reg.names());
    return reg;
  }();
  return r;
}

}  // namespace emorec::models
