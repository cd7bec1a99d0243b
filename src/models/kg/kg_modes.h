// The modes of KGCN and MKGCN that their configs choose (models/kg/kgcn_config.h), without LibTorch.
#pragma once

namespace emorec::models {

enum class KgcnAggregator { kSum, kConcat, kNeighbor };

// How tables and layers start: Glorot-uniform tables and layers with zero biases (KGCN's TensorFlow
// xavier_initializer), or PyTorch's module defaults (embeddings N(0, 1), linear layers Kaiming-uniform with
// a = sqrt(5) and biases U(+-1/sqrt(fan_in))), which MKGCN's released code inherits.
enum class KgInit { kGlorot, kTorch };
// Activation of every iteration but the last (the last is tanh): ReLU (KGCN) or sigmoid (MKGCN's code).
enum class HiddenActivation { kRelu, kSigmoid };

// How MKGCN makes a user from their history items: multi-head self-attention, mean-pool or max-pool.
enum class UserAggregator { kAttention, kMean, kMax };

}  // namespace emorec::models
