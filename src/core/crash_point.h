// Named crash points for crash-consistency tests: `EMOREC_CRASH_AT=NAME[:N]` makes the process kill itself
// (SIGKILL, nothing flushed, no handler runs) when it reaches crash point NAME, with N its epoch if given.
// Unset, a crash point costs one getenv; nothing else in the library ever ends the process.
#pragma once
#include <cstdint>

namespace emorec {

void crash_point(const char* name, int64_t epoch);

}  // namespace emorec
