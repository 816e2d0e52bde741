"""The `newskb` program (also `python -m newskb`). It imports the command line only once it runs, so
that a Ctrl-C pressed during those imports ends in one line and exit 130 like any other, not in a
traceback; and the processes of `ingest --workers`, which import the program's module again, do
not import the command line at all."""
import sys


def main() -> None:
    try:
        from .cli import main as command_line
    except KeyboardInterrupt:
        sys.stderr.write("newskb: interrupted\n")
        sys.exit(130)
    command_line()


if __name__ == "__main__":
    main()
