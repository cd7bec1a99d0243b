// The models by name: descriptions, keys and families.
#include "models/model_choices.h"

#include "models/audio/audio_model_configs.h"
#include "models/baselines/baseline_configs.h"
#include "models/fer/fer_classifier_config.h"
#include "models/kg/kgcn_config.h"
#include "models/tracks/track_model_configs.h"

namespace emorec::models {

config::ChoiceSet model_choices() {
  config::ChoiceSet set;
  set.kind = "model";
  const auto none = [] { return config::make_options<config::NoOptions>(); };
  const auto add = [&](const std::string& name, const std::string& description,
                       std::function<config::ComponentOptions()> options, const std::string& family) {
    set.entries[name] = {description, std::move(options), family, {}};
  };
  add(
      "kg/kgcn", "KGCN (Wang et al., WWW 2019): relation-attentive aggregation over sampled KG neighbours",
      [] { return config::make_options<KgcnConfig>(); }, "kg");
  add(
      "kg/mkgcn", "MKGCN (Cui et al., Electronics 2023): KGCN with history-based users and multimodal fusion",
      [] { return config::make_options<MkgcnConfig>(); }, "kg");
  add("baseline/popularity",
      "item popularity (MostPop): each item's number of positives in the training split, no user information",
      none, "kg");
  add("baseline/positive_rate",
      "item positive rate: each item's smoothed share of positive training rows, no user information", none,
      "kg");
  add(
      "baseline/item_knn",
      "item-based kNN: cosine over the training interaction matrix, model.knn_k neighbours per item",
      [] { return config::make_options<ItemKnnConfig>(); }, "kg");
  add(
      "baseline/bpr_mf",
      "BPR matrix factorisation (Rendle et al. 2009), model.dim factors, uniform negatives",
      [] { return config::make_options<BprMfConfig>(); }, "kg");

  const auto classifier = [] { return config::make_options<FerClassifierConfig>(); };
  add("fer/seed_cnn",
      "the seed system's CNN (Keras): 4 valid 3x3 convolutions, dense 1024, 2.35 M parameters", none,
      "images");
  add("fer/vgg", "VGG variant of Khaireddin and Chen 2021: 4x(2 conv+BN+ReLU, max-pool), FC 4096-4096-7",
      classifier, "images");
  add("fer/resnet", "ResNet-18 for 48x48 faces: 3x3 stem without max-pool, 4x2 basic blocks, global pooling",
      classifier, "images");

  add("tracks/logistic", "multinomial logistic regression (softmax over one linear layer)", none, "tracks");
  add(
      "tracks/mlp", "multilayer perceptron (ReLU hidden layers; the seed system's is 10-8-4)",
      [] { return config::make_options<TrackMlpConfig>(); }, "tracks");
  add("tracks/majority", "the training rows' most frequent class for every track (a floor for the others)",
      none, "tracks");
  add(
      "tracks/kmeans",
      "k-means on the features without labels, clusters named by their training rows' majority label (the "
      "clustering seed system's method)",
      [] { return config::make_options<TrackKMeansConfig>(); }, "tracks");

  add(
      "audio/short_chunk_resnet",
      "short-chunk CNN with residual connections (Won et al. 2020): 7 residual blocks over log-mel chunks, "
      "12.1 M parameters at 128 bands and 50 tags",
      [] { return config::make_options<ShortChunkResNetOptions>(); }, "audio");
  add(
      "audio/crnn",
      "convolutional recurrent network (Choi et al. 2017, as Won et al. 2020 re-implemented it): 4 conv "
      "blocks, "
      "2-layer GRU; 96 to 191 mel bands",
      [] { return config::make_options<CrnnOptions>(); }, "audio");
  add("audio/spectral_stats",
      "baseline: logistic regression on the mean and standard deviation of every mel band (standardised)",
      none, "audio");
  return set;
}

}  // namespace emorec::models
