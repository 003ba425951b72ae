"""How the installed AWS CLI itself parses command lines: its own parsers, nothing run.

Reads {"service": S, "operation": O, "required": [arg, ...], "lines": [[arg, ...], ...]} as JSON
on stdin, each line being the arguments after `aws`, and `required` the operation's required ones. Prints JSON: the option strings of the CLI's main parser and of the
operation's parser, and for each line either the error argparse stopped at, or the destinations
whose values differ from the bare `aws S O` (globals and operation arguments).
"""
import argparse
import contextlib
import io
import json
import sys

from awscli.argparser import ArgTableArgParser
from awscli.clidriver import create_clidriver


def options(parser):
    return sorted(s for a in parser._actions for s in a.option_strings)


def parse(parser, args):
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return parser.parse_known_args(args)
        except SystemExit:
            return None


def main():
    request = json.load(sys.stdin)
    service, operation = request["service"], request["operation"]
    driver = create_clidriver()
    table = driver._get_command_table()
    main_parser = driver._create_parser(table)
    op_command = table[service]._get_command_table()[operation]
    op_parser = ArgTableArgParser(op_command.arg_table)

    base_globals, _ = parse(main_parser, [service, operation, *request["required"]])
    base_op, _ = parse(op_parser, request["required"])
    results = []
    for line in request["lines"]:
        parsed = parse(main_parser, line)
        if parsed is None:
            results.append({"error": "main"})
            continue
        globals_, rest = parsed
        changed = {
            k: v for k, v in vars(globals_).items() if getattr(base_globals, k, None) != v
        }
        # The service's parser takes the operation's name off the rest; the operation's parser gets
        # everything else, as in ServiceCommand.__call__.
        rest = list(rest)
        if operation in rest:
            rest.remove(operation)
        op_parsed = parse(op_parser, rest)
        if op_parsed is None:
            results.append({"globals": changed, "error": "operation"})
            continue
        op_args, unknown = op_parsed
        op_changed = {k: v for k, v in vars(op_args).items() if getattr(base_op, k, None) != v}
        results.append({"globals": changed, "operation": op_changed, "unknown": unknown})
    json.dump(
        {
            "mainOptions": options(main_parser),
            "operationOptions": options(op_parser),
            "results": results,
        },
        sys.stdout,
        default=str,
    )


if __name__ == "__main__":
    main()
