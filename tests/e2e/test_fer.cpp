// FER end to end: the CI smoke training on the real archive, and on a small fixture: resume, early stopping,
// once-per-run test rows, plots, and inference through the same preprocessing as training.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stb_image_write.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "config/experiment.h"
#include "core/error.h"
#include "data/fer/fer_dataset.h"
#include "fer_fixture.h"
#include "run/components.h"
#include "run/experiment_runner.h"
#include "run/face_parity.h"
#include "run/predict_emotion.h"
#include "run/run_dir.h"
#include "test_util.h"
#include "train/checkpoint.h"
#include "train/fer_trainer.h"

namespace emorec {
namespace {

namespace fs = std::filesystem;

config::ExperimentConfig fixture_config(const test::FerFixture& f, const test::TempDir& tmp,
                                        const std::vector<std::string>& extra = {}) {
  std::vector<std::string> sets = {"data.path=" + f.csv, "data.cache_dir=" + tmp.file("cache"),
                                   "output.runs_dir=" + tmp.file("runs"), "device=cpu", "train.epochs=2",
                                   "train.batch_size=32", "data.root=" + test::data_root()};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/fer/seed_cnn.yaml", sets);
}

// The `metric` of the metrics.jsonl row of `epoch` and `split`.
double row_value(const std::string& run_dir, int epoch, const std::string& split, const std::string& metric) {
  std::ifstream in(run_dir + "/metrics.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j["epoch"] == epoch && j["split"] == split) return j[metric].get<double>();
  }
  ADD_FAILURE() << "no row for epoch " << epoch << " " << split;
  return NAN;
}

int count_rows(const std::string& run_dir, const std::string& split) {
  std::ifstream in(run_dir + "/metrics.jsonl");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) n += line.find("\"split\":\"" + split + "\"") != std::string::npos;
  return n;
}

TEST(FerTraining, SmokeConfigBeats35PercentOnPublicTest) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  auto config = run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/fer/smoke.yaml",
                                        {"output.runs_dir=" + tmp.file("runs"), "data.root=" + test::data_root()});
  run::TrainOptions options;
  options.progress = false;
  const auto out = run::train_experiment(config, options);
  EXPECT_EQ(out.epochs_done, 3);
  EXPECT_GT(out.at("eval").get("acc"), 0.35);  // majority class (happy): 24.9%
  EXPECT_GT(out.at("test").get("acc"), 0.30);
  EXPECT_TRUE(out.best.count("eval+test"));
  for (const char* file : {"metrics.csv", "metrics.jsonl", "summary.json", "loss.png", "accuracy.png",
                           "confusion_eval.png", "confusion_test.png", "confusion_eval_test.png"}) {
    EXPECT_TRUE(fs::exists(out.run_dir + "/" + file)) << file;
  }
  EXPECT_EQ(count_rows(out.run_dir, "test"), 1);  // PrivateTest reported once per run
}

TEST(FerTraining, ResumeEqualsAnUninterruptedRunAndReportsTestOnce) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 400);
  run::TrainOptions options;  // flips and dropout draw random numbers in every epoch
  options.progress = false;
  const auto full = run::train_experiment(fixture_config(f, tmp, {"augment.hflip=0.5"}), options);
  options.max_new_epochs = 1;
  const auto first = run::train_experiment(fixture_config(f, tmp, {"augment.hflip=0.5"}), options);
  EXPECT_EQ(first.epochs_done, 1);
  EXPECT_FALSE(first.best.count("test"));  // not finished: no test evaluation yet
  options.max_new_epochs = -1;
  const auto resumed = run::resume_experiment(first.run_dir, {}, options);
  EXPECT_EQ(resumed.epochs_done, 2);
  EXPECT_EQ(resumed.best_epoch, full.best_epoch);
  EXPECT_EQ(resumed.at("eval").get("acc"), full.at("eval").get("acc"));
  EXPECT_EQ(resumed.at("test").get("acc"), full.at("test").get("acc"));
  EXPECT_EQ(resumed.at("test").get("loss"), full.at("test").get("loss"));
  // The resumed epoch drew the same shuffle, augmentation and dropout masks: equal to the last bit.
  for (const char* split : {"train", "eval"}) {
    EXPECT_EQ(row_value(first.run_dir, 2, split, "loss"), row_value(full.run_dir, 2, split, "loss")) << split;
  }
  // Extending a finished run re-does the final evaluation instead of adding a second one.
  const auto extended = run::resume_experiment(full.run_dir, {"train.epochs=3"}, options);
  EXPECT_EQ(extended.epochs_done, 3);
  EXPECT_EQ(count_rows(full.run_dir, "test"), 1);
  EXPECT_EQ(count_rows(full.run_dir, "eval"), 3);
  // A run that died in its final evaluation (status not completed, no test rows yet) resumes into just that.
  {
    const run::RunDir dir = run::RunDir::open(first.run_dir);
    dir.update_status({{"status", "failed"}});
    std::ifstream in(first.run_dir + "/metrics.jsonl");
    std::string line, kept;
    while (std::getline(in, line)) {
      if (line.find("\"split\":\"test\"") == std::string::npos) kept += line + "\n";
    }
    in.close();
    test::write_file(first.run_dir + "/metrics.jsonl", kept);
    EXPECT_EQ(count_rows(first.run_dir, "test"), 0);
    const auto finished = run::resume_experiment(first.run_dir, {}, options);
    EXPECT_EQ(finished.epochs_done, 2);
    EXPECT_EQ(count_rows(first.run_dir, "test"), 1);
    EXPECT_EQ(finished.at("test").get("acc"), full.at("test").get("acc"));
    EXPECT_EQ(run::RunDir::open(first.run_dir).status()["status"], "completed");
    EXPECT_THROW(run::resume_experiment(first.run_dir, {}, options), ConfigError);
  }
  // Re-evaluation of the best checkpoint gives the recorded numbers.
  const auto again = run::evaluate_run(extended.run_dir, "best");
  EXPECT_NEAR(again.at("eval").get("acc"), extended.at("eval").get("acc"), 1e-12);
  EXPECT_NEAR(again.at("test").get("f1"), extended.at("test").get("f1"), 1e-12);
  // The recorded eval+test reused the best epoch's PublicTest pass; evaluating the checkpoint again gives it.
  for (const char* metric : {"acc", "f1", "loss"}) {
    EXPECT_NEAR(again.at("eval+test").get(metric), extended.at("eval+test").get(metric), 1e-12) << metric;
  }
}

TEST(FerTraining, EarlyStoppingEndsTheRunAndCannotBeResumed) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 200);
  // A learning rate too small to change any prediction: the eval accuracy never improves after epoch 1.
  const auto config = fixture_config(f, tmp, {"train.epochs=6", "train.optimizer.lr=1e-12",
                                              "train.early_stopping_patience=2"});
  run::TrainOptions options;
  options.progress = false;
  const auto out = run::train_experiment(config, options);
  EXPECT_TRUE(out.stopped_early);
  EXPECT_EQ(out.epochs_done, 3);
  EXPECT_EQ(out.best_epoch, 1);
  EXPECT_TRUE(out.best.count("test"));
  EXPECT_THROW(run::resume_experiment(out.run_dir, {}, options), ConfigError);
}

TEST(FerInference, PredictUsesTheTrainingPreprocessing) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 200);
  const auto config = fixture_config(f, tmp, {"train.epochs=1", "data.input_size=40", "eval.ten_crop=true"});
  run::TrainOptions options;
  options.progress = false;
  const auto out = run::train_experiment(config, options);
  // The model's output for a PublicTest image as evaluation computes it, from the cached pixels.
  const auto ds = data::load_fer_dataset(config.data, 0);
  const int64_t row = ds.eval.front();
  auto model = train::build_fer_model(config, torch::kCPU);
  train::load_checkpoint(run::RunDir::open(out.run_dir).checkpoint("best"), *model, nullptr);
  const auto pixels = torch::from_blob(const_cast<uint8_t*>(ds.images.pixels.data()) + row * 2304, {1, 48, 48}, torch::kUInt8);
  const auto expected = torch::softmax(train::fer_eval_logits(*model, pixels, config, torch::kCPU), 1);
  // The same face as a grey PNG, and as a 96x144 colour photo around it (2x2 blocks, grey borders).
  stbi_write_png(tmp.file("face.png").c_str(), 48, 48, 1, pixels.data_ptr<uint8_t>(), 48);
  std::vector<uint8_t> photo(96 * 144 * 3, 128);
  for (int y = 0; y < 96; ++y) {
    for (int x = 24; x < 120; ++x) {
      const uint8_t v = pixels.data_ptr<uint8_t>()[(y / 2) * 48 + (x - 24) / 2];
      for (int c = 0; c < 3; ++c) photo[static_cast<size_t>((y * 144 + x) * 3 + c)] = v;
    }
  }
  stbi_write_png(tmp.file("photo.png").c_str(), 144, 96, 3, photo.data(), 144 * 3);
  run::FaceOptions whole;  // the photos are face crops already
  whole.detector = "none";
  for (const char* image : {"face.png", "photo.png"}) {
    const auto p = run::predict_emotion(out.run_dir, tmp.file(image), "best", whole);
    for (int k = 0; k < 7; ++k) {
      EXPECT_NEAR(p.probabilities[static_cast<size_t>(k)], expected[0][k].item<double>(), 1e-6) << image << " class " << k;
    }
    EXPECT_EQ(p.label, expected.argmax(1).item<int64_t>());
  }
  EXPECT_TRUE(torch::equal(run::face_tensor(image::to_face(image::read_image(tmp.file("photo.png"), 40'000'000))), pixels));
  // The CLI prints the seven probabilities; a missing image is a runtime error naming it.
  std::string text;
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " predict-emotion --detector none --run " + out.run_dir +
                                  " --image " + tmp.file("photo.png"), &text), 0) << text;
  for (const char* name : {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"}) {
    EXPECT_NE(text.find(name), std::string::npos) << text;
  }
  // A real photo through the default detector (dlib's HOG): every face with a box, the largest first; a photo
  // with no human face is a runtime error saying so.
  const std::string faces = "/usr/share/doc/libdlib19.1/examples/faces";
  if (std::filesystem::exists(faces + "/bald_guys.jpg")) {
    ASSERT_EQ(test::run_command(std::string(EMOREC_BINARY) + " predict-emotion --json --run " + out.run_dir +
                                    " --image " + faces + "/bald_guys.jpg 2>/dev/null", &text), 0) << text;
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["width"], 1986);
    ASSERT_GE(j["faces"].size(), 2u);
    EXPECT_GE(j["faces"][0]["box"]["width"].get<int>() * j["faces"][0]["box"]["height"].get<int>(),
              j["faces"][1]["box"]["width"].get<int>() * j["faces"][1]["box"]["height"].get<int>());
    EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " predict-emotion --run " + out.run_dir + " --image " +
                                    faces + "/dogs.jpg", &text), 1) << text;
    EXPECT_NE(text.find("no face found by the detector dlib-hog"), std::string::npos) << text;
    // A video (MJPEG AVI, 5 fps) of that photo for 6 frames, then 2 blank frames: a timeline of 8 frames, 6
    // with faces, the smoothed label carried over the blank ones.
    const auto photo = cv::imread(faces + "/bald_guys.jpg");
    cv::Mat small, blank(480, 616, CV_8UC3, cv::Scalar(90, 90, 90));
    cv::resize(photo, small, cv::Size(616, 480));
    {
      cv::VideoWriter writer(tmp.file("clip.avi"), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 5, small.size());
      ASSERT_TRUE(writer.isOpened());
      for (int i = 0; i < 8; ++i) writer.write(i < 6 ? small : blank);
    }
    ASSERT_EQ(test::run_command(std::string(EMOREC_BINARY) + " predict-emotion --json --window 3 --run " +
                                    out.run_dir + " --video " + tmp.file("clip.avi") + " 2>/dev/null", &text), 0)
        << text;
    const auto v = nlohmann::json::parse(text);
    EXPECT_EQ(v["frames"], 8);
    EXPECT_EQ(v["with_face"], 6);
    ASSERT_EQ(v["timeline"].size(), 8u);
    EXPECT_NEAR(v["timeline"][1]["seconds"].get<double>(), 0.2, 1e-9);
    EXPECT_GE(v["timeline"][0]["faces"].get<int>(), 2);
    EXPECT_EQ(v["timeline"][7]["faces"], 0);
    EXPECT_TRUE(v["timeline"][7].contains("smoothed"));  // the last faces' average carries over
    double sum = 0;
    for (const auto& [name, p] : v["mean"].items()) sum += p.get<double>();
    EXPECT_NEAR(sum, 1.0, 1e-6);  // float softmax
    test::write_file(tmp.file("notes.avi"), "not a video");
    EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " predict-emotion --run " + out.run_dir + " --video " +
                                    tmp.file("notes.avi"), &text), 1) << text;
    EXPECT_NE(text.find("notes.avi"), std::string::npos) << text;
  } else {
    std::cout << "[ SKIPPED  ] the real-photo part: " << faces << " not found (Debian's libdlib19.1)\n";
  }
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " predict-emotion --run " + out.run_dir +
                                  " --image /nonexistent/face.jpg", &text), 1);
  EXPECT_NE(text.find("/nonexistent/face.jpg: cannot open the image"), std::string::npos) << text;
}

TEST(FerInference, ParityPastesSplitImagesIntoRealPhotos) {
  EMOREC_REQUIRE_DATASET("fer2013");
  const std::string astronaut = EMOREC_ASTRONAUT;
  if (astronaut.empty() || !fs::exists(astronaut)) GTEST_SKIP() << "astronaut.png not found (scripts/setup installs it)";
  const auto data = fs::path(astronaut).parent_path();
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 200);
  run::TrainOptions options;
  options.progress = false;
  const auto out = run::train_experiment(fixture_config(f, tmp, {"train.epochs=1"}), options);
  run::ParityOptions parity;
  parity.composites.split = "test";
  parity.composites.limit = 25;
  parity.margins = {0.0, 0.2};
  // The astronaut has a face of her own: refused as a background; coffee and the rocket are used.
  const std::vector<std::string> backgrounds{(data / "coffee.png").string(), (data / "rocket.jpg").string()};
  const auto r = run::measure_parity(out.run_dir, {astronaut, backgrounds[0], backgrounds[1]}, run::FaceOptions{},
                                     parity);
  EXPECT_EQ(r.skipped_backgrounds, std::vector<std::string>{astronaut});
  EXPECT_EQ(r.backgrounds.size(), 2u);
  EXPECT_EQ(r.images, 25);
  EXPECT_LE(r.on_target, r.detected);
  EXPECT_GE(r.detected, 10);  // dlib's HOG finds most of the pasted faces (72% of 100 PublicTest images)
  EXPECT_LE(r.cached_correct_on_detected, r.cached_correct);
  ASSERT_EQ(r.crops.size(), 4u);  // box, fitted; margins 0, 0.2
  EXPECT_EQ(r.crops[0].framing, "box");
  EXPECT_EQ(r.crops[3].framing, "fitted");
  EXPECT_DOUBLE_EQ(r.crops[3].margin, 0.2);
  for (const auto& m : r.crops) {
    EXPECT_EQ(m.correct, m.correct_on_detected);  // a miss counts as wrong
    EXPECT_LE(m.correct, r.detected);
  }
  // dlib's fitted framing overlaps the pasted squares better than its boxes do.
  EXPECT_GT(r.crops[2].median_iou, r.crops[0].median_iou);
  // The same seed gives the same composites and answers.
  const auto again = run::measure_parity(out.run_dir, backgrounds, run::FaceOptions{}, parity);
  EXPECT_EQ(again.detected, r.detected);
  EXPECT_EQ(again.crops[3].correct, r.crops[3].correct);
  EXPECT_DOUBLE_EQ(again.crops[2].median_iou, r.crops[2].median_iou);

  // The fit on Training composites: a scale above 1 (FER2013 shows more of the head than dlib's box), and a
  // square that overlaps the pasted one better than the box.
  run::CompositeOptions fit{"train", 96, 0.6, 40, 1};
  const auto framing = run::fit_framing(out.run_dir, backgrounds, run::FaceOptions{}, fit);
  EXPECT_EQ(framing.images, 40);
  EXPECT_LE(framing.on_target, framing.detected);
  EXPECT_GT(framing.on_target, 10);
  EXPECT_GT(framing.framing.scale, 1.0);
  EXPECT_GT(framing.median_iou_framed, framing.median_iou_box);
  run::FaceOptions none;
  none.detector = "none";
  EXPECT_THROW(run::fit_framing(out.run_dir, backgrounds, none, fit), ConfigError);
  EXPECT_THROW(run::measure_parity(out.run_dir, {astronaut}, run::FaceOptions{}, parity), ConfigError);
}

TEST(FerTraining, NonFiniteLossStopsTheRunAndLeavesNoFolder) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 200);
  const auto config = fixture_config(f, tmp, {"train.optimizer.lr=1e30"});
  run::TrainOptions options;
  options.progress = false;
  try {
    run::train_experiment(config, options);
    ADD_FAILURE() << "expected a RunError";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("non-finite training loss at epoch 1, step"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(!fs::exists(tmp.file("runs/fer_seed_cnn")) || fs::is_empty(tmp.file("runs/fer_seed_cnn")));
}

// bf16 autocast and channels-last: on the CPU here (the code path is the same), on CUDA where a GPU is. The
// seed CNN, not VGG: bf16 convolutions are emulated on this CPU, and VGG's took 182 s here for one epoch of
// 120 faces.
void expect_mixed_precision_trains(const std::string& device) {
  test::TempDir tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 200);
  const auto config =
      fixture_config(f, tmp,
                     {"device=" + device, "train.epochs=1", "train.amp=bf16", "train.channels_last=true",
                      "model.name=fer/seed_cnn", "train.optimizer.name=sgd", "train.optimizer.lr=0.01"});
  run::TrainOptions options;
  options.progress = false;
  const auto out = run::train_experiment(config, options);
  EXPECT_TRUE(std::isfinite(row_value(out.run_dir, 1, "train", "loss")));
  EXPECT_GT(out.at("test").get("acc"), 0.0);
  auto model = train::build_fer_model(config, torch::Device(device));
  bool any_conv = false;
  for (const auto& p : model->parameters()) {
    if (p.dim() == 4) {
      EXPECT_TRUE(p.is_contiguous(torch::MemoryFormat::ChannelsLast));
      any_conv = true;
    }
  }
  EXPECT_TRUE(any_conv);
}

TEST(FerTraining, MixedPrecisionAndChannelsLastOnTheCpu) {
  EMOREC_REQUIRE_DATASET("fer2013");
  expect_mixed_precision_trains("cpu");
}

TEST(FerTraining, MixedPrecisionAndChannelsLastOnCuda) {
  EMOREC_REQUIRE_DATASET("fer2013");
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  expect_mixed_precision_trains("cuda");
}

TEST(FerTraining, CsvWithoutPublicTestIsRejectedBeforeARunFolderExists) {
  EMOREC_REQUIRE_DATASET("fer2013");
  test::TempDir tmp;
  auto config = run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/fer/seed_cnn.yaml",
                                        {"data.path=fer2013-sample.csv", "data.cache_dir=" + tmp.file("cache"),
                                         "output.runs_dir=" + tmp.file("runs"), "data.root=" + test::data_root()});
  try {
    run::train_experiment(config);
    ADD_FAILURE() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("has no PublicTest images"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(tmp.file("runs")) && !fs::is_empty(tmp.file("runs/fer_seed_cnn")));
}

}  // namespace
}  // namespace emorec
