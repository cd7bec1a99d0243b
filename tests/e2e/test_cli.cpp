// The emorec binary: subcommands and help, exit codes (0 ok, 2 usage/config, 1 runtime), messages.
#include <gtest/gtest.h>

#include "config/experiment.h"
#include "run/components.h"
#include "test_util.h"

namespace emorec {
namespace {

int emorec(const std::string& args, std::string* out, const std::string& env = "") {
  return test::run_command(env + " " + EMOREC_BINARY + " " + args, out);
}

TEST(Cli, HelpListsTheWorkingSubcommands) {
  std::string out;
  EXPECT_EQ(emorec("--help", &out), 0);
  for (const char* sub : {"train", "eval", "datasets", "config", "catalogue"}) {
    EXPECT_NE(out.find(sub), std::string::npos) << sub;
  }
  for (const char* sub : {"train", "eval", "datasets", "config", "catalogue build", "catalogue crowd-check"}) {
    EXPECT_EQ(emorec(std::string(sub) + " --help", &out), 0) << sub;
    EXPECT_NE(out.find("Usage"), std::string::npos) << sub;
  }
}

TEST(Cli, UsageErrorsExitWith2) {
  std::string out;
  EXPECT_EQ(emorec("catalogue", &out), 2);
  EXPECT_EQ(emorec("catalogue build", &out), 2);
  EXPECT_NE(out.find("--run"), std::string::npos) << out;
  EXPECT_EQ(emorec("catalogue build --run /no/such/run", &out), 1);
  EXPECT_NE(out.find("not a run folder"), std::string::npos) << out;
  EXPECT_EQ(emorec("recommend", &out), 2);
  EXPECT_NE(out.find("give --emotion, --probs, --image or --video"), std::string::npos) << out;
  EXPECT_EQ(emorec("recommend --emotion bored", &out), 2);
  EXPECT_NE(out.find("unknown emotion"), std::string::npos) << out;
  EXPECT_EQ(emorec("recommend --emotion sad --policy jump", &out), 2);
  EXPECT_NE(out.find("--policy jump: unknown policy"), std::string::npos) << out;
  const std::string words = std::string(" --words ") + EMOREC_SOURCE_DIR + "/configs/crowd/moods.yaml";
  EXPECT_EQ(emorec("catalogue crowd-check --set min_taggings=0" + words, &out), 2);
  EXPECT_NE(out.find("min_taggings"), std::string::npos) << out;
  EXPECT_EQ(emorec("catalogue crowd-check --catalogue /no/such.tsv" + words, &out), 1);
  EXPECT_NE(out.find("emorec catalogue build"), std::string::npos) << out;
  EXPECT_EQ(emorec("recommend --emotion sad --user 2", &out), 2);
  EXPECT_NE(out.find("--user ID and --kg-run RUN go together"), std::string::npos) << out;
  EXPECT_EQ(emorec("recommend --probs 0.5,0.5", &out), 2);
  EXPECT_EQ(emorec("recommend --emotion sad --catalogue /no/such.tsv", &out), 1);
  EXPECT_NE(out.find("emorec catalogue build"), std::string::npos) << out;
  EXPECT_EQ(emorec("", &out), 2);
  EXPECT_EQ(emorec("frobnicate", &out), 2);
  EXPECT_EQ(emorec("train", &out), 2);
  EXPECT_NE(out.find("give either a CONFIG file or --resume RUN"), std::string::npos) << out;
  EXPECT_EQ(emorec("eval --checkpoint worst x", &out), 2);
}

TEST(Cli, ConfigErrorsExitWith2AndNameTheKey) {
  test::TempDir tmp;
  test::write_file(tmp.file("bad.yaml"), "experiment: x\ndata:\n  dataset: kgcn-lastfm\nmodel:\n  name: kg/kgcn\n  dim: big\n");
  std::string out;
  EXPECT_EQ(emorec("train " + tmp.file("bad.yaml"), &out), 2);
  EXPECT_NE(out.find(tmp.file("bad.yaml") + ":6: model.dim: expected an integer in [1, 4096], got \"big\""),
            std::string::npos)
      << out;
  EXPECT_EQ(emorec("config show " + tmp.file("bad.yaml") + " --set model.dim=8", &out), 0) << out;
  EXPECT_NE(out.find("dim: 8"), std::string::npos);
  EXPECT_EQ(emorec("train " + tmp.file("missing.yaml"), &out), 2);
  EXPECT_NE(out.find("cannot open the config file"), std::string::npos);
}

TEST(Cli, MissingDataExitsWith1AndSaysWhereItLooked) {
  test::TempDir tmp;
  std::string out;
  const std::string config = std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_lastfm_sum.yaml";
  EXPECT_EQ(emorec("train " + config + " --set output.runs_dir=" + tmp.path(), &out,
                   "EMOREC_DATA=" + tmp.path() + "/nowhere"),
            1);
  EXPECT_NE(out.find("looked in " + tmp.path() + "/nowhere/kgcn-lastfm (data root from $EMOREC_DATA)"),
            std::string::npos)
      << out;
  EXPECT_EQ(emorec("eval " + tmp.path(), &out), 1);
  EXPECT_NE(out.find("not a run folder"), std::string::npos) << out;
}

TEST(Cli, DatasetsListsPresence) {
  test::TempDir tmp;
  std::string out;
  EXPECT_EQ(emorec("datasets --root " + tmp.path(), &out), 0);
  EXPECT_NE(out.find("kgcn-lastfm"), std::string::npos);
  EXPECT_NE(out.find("MISSING"), std::string::npos);
  EXPECT_EQ(out.find("present "), std::string::npos) << out;
  EXPECT_NE(out.find("synthetic              built-in"), std::string::npos) << out;  // generated, never missing
}

TEST(Cli, ConfigDocsPrintsTheReference) {
  std::string out;
  EXPECT_EQ(emorec("config docs", &out), 0);
  EXPECT_EQ(out, run::experiment_reference());
}

TEST(ReproduceCli, ATableErrorExitsWith2AndNamesFileAndLine) {
  test::TempDir tmp;
  test::write_file(tmp.file("bad.yaml"),
                   "title: t\nseeds: [1]\nmetrics: [test.auc]\nrows:\n  - label: a\n    config: x.yaml\n"
                   "    sett: [train.epochs=1]\n");
  std::string out;
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " reproduce " + tmp.file("bad.yaml"), &out), 2);
  EXPECT_NE(out.find(tmp.file("bad.yaml") + ":7: rows[0].sett: unknown key"), std::string::npos) << out;
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " reproduce", &out), 2);
  EXPECT_NE(out.find("give a TABLE"), std::string::npos) << out;
}

}  // namespace
}  // namespace emorec
