// Crash points: SIGKILL at a named place when the environment asks for it.
#include "core/crash_point.h"

#include <csignal>
#include <cstdlib>
#include <string>

namespace emorec {

void crash_point(const char* name, int64_t epoch) {
  const char* want = std::getenv("EMOREC_CRASH_AT");
  if (!want || !*want) return;
  // EMOREC_CRASH_RANK=R: only the data-parallel worker of that RANK (the fault tests kill one rank of a job).
  if (const char* rank = std::getenv("EMOREC_CRASH_RANK"); rank && *rank) {
    const char* mine = std::getenv("RANK");
    if (std::string(rank) != (mine && *mine ? mine : "0")) return;
  }
  const std::string spec = want, at = name;
  if (spec == at || spec == at + ":" + std::to_string(epoch)) std::raise(SIGKILL);
}

}  // namespace emorec
