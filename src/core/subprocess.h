// Running an external program (the audio maker's mma and fluidsynth): fork and exec with its output in a
// file, waiting for it. Never through a shell, so arguments need no quoting.
#pragma once
#include <string>
#include <vector>

namespace emorec {

// Runs argv[0] (looked up in PATH) with `argv`, stdout and stderr appended to `log_path` (/dev/null when
// empty). Returns its exit status (128 + signal when killed). RunError naming the program when it cannot be
// started.
int run_program(const std::vector<std::string>& argv, const std::string& log_path = "");

// True when `name` is an executable in PATH.
bool program_exists(const std::string& name);

}  // namespace emorec
