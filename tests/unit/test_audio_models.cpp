// The music-tagging models (models/audio/): parameter counts equal to those of the reference code's modules
// (ShortChunkCNN_Res with 128 channels, 128 mel bands, 50 tags: 12,104,244; CRNN with 96 bands and 50 tags:
// 394,100; counted with PyTorch 2.11 from the layer definitions of
// github.com/minzwon/sota-music-tagging-models, training/model.py and modules.py), output and embedding
// shapes on the paper's chunk lengths, and the errors.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/audio/crnn.h"
#include "models/audio/short_chunk_resnet.h"

namespace emorec::models {
namespace {

int64_t parameters(torch::nn::Module& m) {
  int64_t n = 0;
  for (const auto& p : m.parameters()) n += p.numel();
  return n;
}

TEST(AudioModels, ShortChunkResNetHasTheReferenceParameterCountAndShapes) {
  ShortChunkResNet net(ShortChunkResNetOptions{}, 128, 50);
  EXPECT_EQ(parameters(net), 12104244);
  net.eval();
  torch::NoGradGuard no_grad;
  // 3.69 s at 16 kHz, hop 256: 231 frames.
  const auto x = torch::randn({2, 128, 231});
  EXPECT_EQ(net.forward(x).sizes(), (std::vector<int64_t>{2, 50}));
  EXPECT_EQ(net.embed(x).sizes(), (std::vector<int64_t>{2, 512}));
  EXPECT_EQ(net.embedding_size(), 512);
  ShortChunkResNetOptions small;
  small.channels = 8;
  ShortChunkResNet narrow(small, 96, 7);
  narrow.eval();  // one example: batch norm uses its running statistics
  EXPECT_EQ(narrow.forward(torch::randn({1, 96, 64})).sizes(), (std::vector<int64_t>{1, 7}));
}

TEST(AudioModels, CrnnHasTheReferenceParameterCountAndShapes) {
  Crnn net(CrnnOptions{}, 96, 50);
  EXPECT_EQ(parameters(net), 394100);
  net.eval();
  torch::NoGradGuard no_grad;
  const auto x = torch::randn({2, 96, 1366});  // 29.1 s at 12 kHz, hop 256, as Choi et al.
  EXPECT_EQ(net.forward(x).sizes(), (std::vector<int64_t>{2, 50}));
  EXPECT_EQ(net.embed(x).sizes(), (std::vector<int64_t>{2, 32}));
  // channels 32 (16, 32, 32, 32), by hand: input batch norm 2; blocks (conv weights + bias + batch norm)
  // 192 + 4,704 + 9,312 + 9,312; GRU layers 3 (32 x 32 + 32 x 32) + 6 x 32 = 6,336 each; dense 1,650.
  CrnnOptions narrow;
  narrow.channels = 32;
  Crnn small(narrow, 96, 50);
  EXPECT_EQ(parameters(small), 37844);
  small.eval();
  EXPECT_EQ(small.forward(torch::randn({2, 96, 376})).sizes(), (std::vector<int64_t>{2, 50}));
}

TEST(AudioModels, BandsThatDoNotReduceToOneNameTheModel) {
  try {
    ShortChunkResNet(ShortChunkResNetOptions{}, 200, 5);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("audio/short_chunk_resnet"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Crnn(CrnnOptions{}, 64, 5), ConfigError);
  Crnn crnn(CrnnOptions{}, 96, 5);
  torch::NoGradGuard no_grad;
  EXPECT_THROW(crnn.forward(torch::randn({1, 96, 50})), RunError);  // 50 frames pool to none
}

}  // namespace
}  // namespace emorec::models
