// A run folder: runs/<experiment>/<timestamp>-<short-id>/ holding config.yaml (resolved), metrics.jsonl,
// metrics.csv, train.log, checkpoints/ (run_checkpoints.h), run.json (status) and summary.json.
#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace emorec::run {

class RunDir {
 public:
  // Makes a new, uniquely named folder under runs_dir/experiment holding `files` (name -> content) and, if
  // asked, an empty checkpoints/ folder. It is made whole under a hidden name and renamed into place, so that a
  // process killed meanwhile leaves no run folder (its hidden one is removed by the next create).
  static RunDir create(const std::string& runs_dir, const std::string& experiment,
                       const std::map<std::string, std::string>& files = {}, bool checkpoints = true);
  // Opens an existing run; throws RunError if `path` holds no config.yaml.
  static RunDir open(const std::string& path);

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string checkpoints_folder() const { return path_ + "/checkpoints"; }
  // The committed checkpoint file of "best" or "last" (run_checkpoints.h); RunError when there is none.
  std::string checkpoint(const std::string& name) const;
  // Removes the temporaries of interrupted atomic writes in the folder and its checkpoints, and checkpoint
  // files no committed epoch owns (after a crash); returns how many.
  int clean() const;

  // run.json: merges `fields` into the current status document (atomically).
  void update_status(const nlohmann::json& fields) const;
  nlohmann::json status() const;

 private:
  explicit RunDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// "2026-11-21T13:58:54Z"
std::string utc_now_iso();
// The commit the binary was built from (git describe at build time; "+dirty" if the tree had changes,
// "unknown" outside a checkout).
std::string build_commit();

}  // namespace emorec::run
