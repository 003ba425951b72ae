"""Runs a program in a pseudo-terminal, as a person at a terminal would, for the e2e tests.

stdin and stderr are the terminal; stdout is a pipe of its own, as in `NAME=$(program)`, so that
what the program draws and what it prints are told apart. The steps type keys, wait for text to
appear on the terminal, resize the window (TIOCSWINSZ, then SIGWINCH) and send signals.

    python3 pty_run.py '{"argv": [...], "env": {...}, "rows": 24, "cols": 80, "steps": [...], "timeout": 20}'

The program gets exactly `env`, not Python's own: under LANG=C, Python sets LC_CTYPE=C.UTF-8 in
its environment (PEP 538), which would hide the locale under test.

Prints one JSON object: the exit code (negative: the signal that ended it), what the terminal
showed and what stdout got (both base64, byte for byte), whether the terminal was given back in
its normal mode (echo and line editing on), and the first step that failed, if one did.
"""
import base64
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def main():
    spec = json.loads(sys.argv[1])
    timeout = spec.get("timeout", 20)
    master, slave = pty.openpty()
    set_size(master, spec.get("rows", 24), spec.get("cols", 80))
    out_read, out_write = os.pipe()
    child = subprocess.Popen(
        spec["argv"],
        stdin=slave,
        stdout=out_write,
        stderr=slave,
        env=spec["env"],
        start_new_session=True,
        close_fds=True,
    )
    os.close(out_write)
    screen = bytearray()
    stdout = bytearray()
    open_fds = {master, out_read}

    def pump(seconds):
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0 or not open_fds:
                return
            ready, _, _ = select.select(list(open_fds), [], [], min(left, 0.05))
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    open_fds.discard(fd)
                elif fd == master:
                    screen.extend(data)
                else:
                    stdout.extend(data)

    error = None
    mark = 0
    for step in spec.get("steps", []):
        if "wait" in step:
            wanted = step["wait"].encode()
            end = time.monotonic() + timeout
            while wanted not in screen[mark:] and time.monotonic() < end and child.poll() is None:
                pump(0.05)
            pump(0.02)
            if wanted not in screen[mark:]:
                error = "timed out waiting for %r" % step["wait"]
                break
            continue
        mark = len(screen)
        if "send" in step:
            os.write(master, step["send"].encode())
        elif "resize" in step:
            rows, cols = step["resize"]
            set_size(master, rows, cols)
            child.send_signal(signal.SIGWINCH)
        elif "signal" in step:
            child.send_signal(getattr(signal, step["signal"]))
        elif "sleep" in step:
            pump(step["sleep"] / 1000)
    end = time.monotonic() + timeout
    while child.poll() is None and time.monotonic() < end:
        pump(0.05)
    if child.poll() is None:
        child.kill()
        error = error or "the program did not end"
    child.wait()
    pump(0.1)
    lflag = termios.tcgetattr(slave)[3]
    print(
        json.dumps(
            {
                "code": child.returncode,
                "screen": base64.b64encode(bytes(screen)).decode(),
                "stdout": base64.b64encode(bytes(stdout)).decode(),
                "cooked": bool(lflag & termios.ICANON) and bool(lflag & termios.ECHO),
                "error": error,
            }
        )
    )


main()
