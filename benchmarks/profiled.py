"""Run a module under cProfile in every thread, merged into one pstats file at exit (SIGINT or SIGTERM).
Usage: python benchmarks/profiled.py OUT.pstats -m MODULE [ARGS...] (bench_load.py --profile uses it)."""

import cProfile
import pstats
import runpy
import signal
import sys
import threading

out, _, module, *rest = sys.argv[1:]
profiles: list[cProfile.Profile] = []
lock = threading.Lock()
original_run = threading.Thread.run


def profiled_run(self: threading.Thread) -> None:
    profile = cProfile.Profile()
    with lock:
        profiles.append(profile)
    profile.enable()
    try:
        original_run(self)
    finally:
        profile.disable()


def write(*_: object) -> None:
    main.disable()
    for profile in profiles:
        profile.disable()
    stats = pstats.Stats(main)
    for profile in profiles:
        try:
            stats.add(profile)
        except TypeError:  # a thread that never ran profiled code
            pass
    stats.dump_stats(out)
    raise SystemExit(0)


threading.Thread.run = profiled_run  # type: ignore[method-assign]
signal.signal(signal.SIGTERM, write)
signal.signal(signal.SIGINT, write)
sys.argv = [module, *rest]
main = cProfile.Profile()
main.enable()
runpy.run_module(module, run_name="__main__")
write()
