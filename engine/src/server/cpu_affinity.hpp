#pragma once
// Pinning threads to CPUs. The server's threads each own their connections (one io_context a thread),
// so a pinned thread keeps its caches, and a thread beside it (a load generator, an agent) can be given
// the same CPU to take turns with it instead of waiting for the scheduler to move one of them.
#include <pthread.h>

#include <vector>

namespace opsgym::server {

// The CPUs the calling thread may run on, in increasing order (empty if the kernel does not say).
std::vector<int> allowed_cpus();

// Lets `thread` run on `cpus` only (one CPU pins it). False if the kernel refused: none of them exists,
// or none is allowed to this process.
bool set_thread_cpus(pthread_t thread, const std::vector<int>& cpus);

}  // namespace opsgym::server
