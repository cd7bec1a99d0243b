// How the process's allocator treats memory that tensors free. A training step allocates and frees the same
// large buffers every step (convolution activations of a 64- or 512-image batch, tens to hundreds of MB). By
// default glibc serves each of them by a fresh mmap and unmaps it when freed, and it returns freed memory at
// the top of the heap to the system, so every step faults its pages in again: on the seed CNN that was a
// third of the run's CPU time, spent in the kernel (bench/RESULTS.md). keep_freed_memory() makes glibc keep
// freed memory for reuse instead: the process's resident size then stays near its peak until it exits.
#pragma once

namespace emorec {

// Sets glibc's M_MMAP_MAX to 0 (large blocks come from the heap too) and M_TRIM_THRESHOLD to 1 GiB, unless
// the environment sets EMOREC_KEEP_FREED_MEMORY=0 or GLIBC_TUNABLES (the user's own allocator settings win).
// Returns whether it changed anything. Call it first thing in main(), before any allocation that matters.
bool keep_freed_memory();

}  // namespace emorec
