"""``python -m bench NAME [--parents N]``: run one benchmark, print a Markdown table."""

from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("name", choices=["database", "planners", "broadcast", "mixed"])
    parser.add_argument("--parents", type=int, default=None, help="how many parents")
    parser.add_argument(
        "--rate", type=float, default=None, help="broadcast: messages/s, fake and bot alike"
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if arguments.name == "database":
        from bench.database import run

        table = run(arguments.parents or 100_000)
    elif arguments.name == "planners":
        from bench.planners import run

        table = run(arguments.parents or 100_000)
    elif arguments.name == "broadcast":
        from bench.broadcast import RATE, run

        table = run(arguments.parents or 10_000, arguments.rate or RATE)
    else:
        from bench.mixed import run

        table = run(arguments.parents or 1_000)
    print(table.markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
