// Named crash points for crash-consistency tests: `EMOREC_CRASH_AT=NAME[:N]` makes the process kill itself
// (SIGKILL, nothing flushed, no handler runs) when it reaches crash point NAME, with N its epoch if given.
// With `EMOREC_CRASH_RANK=R` as well, only the worker whose RANK is R does (a data-parallel job's fault
// tests). Unset, a crash point costs one getenv; nothing else in the library ever ends the process.
#pragma once
#include <cstdint>

namespace emorec {

void crash_point(const char* name, int64_t epoch);

}  // namespace emorec
