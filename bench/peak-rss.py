"""Runs one command and measures it from outside: wall time and peak resident set size.

    python3 -I -S peak-rss.py ENV_JSON PROGRAM [ARG...]

PROGRAM (an absolute path) runs with exactly the environment in ENV_JSON, and with this process's
stdin, stdout and stderr. Nothing is loaded into it: the peak RSS comes from the kernel, through
wait4's rusage (the largest of the process and of the children it waited for). The clock starts
just before the spawn and stops when wait4 returns, so Python's own start-up is not counted.
The result goes to file descriptor 3 as JSON: wallNs, maxRssKiB, exitCode (negative: the signal).
"""

import json
import os
import sys
import time


def main() -> None:
    env = json.loads(sys.argv[1])
    argv = sys.argv[2:]
    # The result pipe is for this process only.
    os.set_inheritable(3, False)
    started = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, env)
    _, status, usage = os.wait4(pid, 0)
    wall_ns = time.perf_counter_ns() - started
    # Linux reports KiB, macOS bytes.
    max_rss_kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    with os.fdopen(3, "w") as out:
        json.dump(
            {
                "wallNs": wall_ns,
                "maxRssKiB": max_rss_kib,
                "exitCode": os.waitstatus_to_exitcode(status),
            },
            out,
        )


main()
