// Crash points: SIGKILL at a named place when the environment asks for it.
#include "core/crash_point.h"

#include <csignal>
#include <cstdlib>
#include <string>

namespace emorec {

void crash_point(const char* name, int64_t epoch) {
  const char* want = std::getenv("EMOREC_CRASH_AT");
  if (!want || !*want) return;
  const std::string spec = want, at = name;
  if (spec == at || spec == at + ":" + std::to_string(epoch)) std::raise(SIGKILL);
}

}  // namespace emorec
