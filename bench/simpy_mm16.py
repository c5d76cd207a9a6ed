# Reference point for bench/RESULTS.md: the same bare M/M/16 queue (1,000,000 jobs, 84/h arrivals,
# 10-minute exponential runtimes) in SimPy 2 (Debian's python3-simpy), keeping only the waits.
# Run: /usr/bin/python3 bench/simpy_mm16.py (npm run bench runs it beside the 1M-job cases)
import random
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

N = 1_000_000
waits = []


class Job(Process):
    def run(self, server, runtime):
        arrived = now()
        yield request, self, server
        waits.append(now() - arrived)
        yield hold, self, runtime
        yield release, self, server


class Source(Process):
    def run(self, server):
        for _ in range(N):
            job = Job()
            activate(job, job.run(server, random.expovariate(1 / 600.0)))
            yield hold, self, random.expovariate(84 / 3600.0)


t0 = time.perf_counter()
random.seed(1)
initialize()
server = Resource(capacity=16)
source = Source()
activate(source, source.run(server))
simulate(until=10**12)
print(f"SimPy {N} jobs: {time.perf_counter() - t0:.2f} s, mean wait {sum(waits) / len(waits):.2f} s")
