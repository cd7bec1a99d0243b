// The model registry.
#include "models/registry.h"

#include "models/kg/kgcn.h"

namespace emorec::models {

const Registry<ModelEntry>& model_registry() {
  static const Registry<ModelEntry> r = [] {
    Registry<ModelEntry> reg("model");
    reg.add("kg/kgcn", {"KGCN (Wang et al., WWW 2019): relation-attentive aggregation over sampled KG neighbours",
                        [](const config::ModelConfig& c, const data::KgDataset& ds) -> std::shared_ptr<KgModel> {
                          KgcnOptions o;
                          o.n_user = ds.interactions.n_user;
                          o.n_entity = ds.kg.n_entity;
                          o.n_relation = ds.kg.n_relation;
                          o.dim = c.dim;
                          o.n_iter = c.n_iter;
                          o.aggregator = parse_kgcn_aggregator(c.aggregator);
                          return std::make_shared<Kgcn>(o, ds.neighbors);
                        }});
    return reg;
  }();
  return r;
}

std::vector<std::string> model_names() { return model_registry().names(); }

}  // namespace emorec::models
