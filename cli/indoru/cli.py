"""The output contract shared by every command, declared once.

``--format table|text|tsv|jsonl|json`` (table on a terminal, text in a pipe), ``--no-header``
for TSV, ``--no-color``; diagnostics on stderr only; exit codes from :class:`ExitCode`;
a closed pipe ends the command quietly with status 0.

The streams, "is this a terminal" and the environment variables live in one
:class:`Environment` (as in httpie), which :func:`indoru.app.run` installs for a command
and tests replace, so the terminal branches are tested without a terminal.
"""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TextIO, cast

import typer

from indoru.errors import ExitCode, IndoruError
from indoru.render import OutputFormat, Record, View

if TYPE_CHECKING:
    import subprocess

    from indoru.reading import Source

FilesArg = Annotated[
    Optional[list[str]],  # noqa: UP045 -- typer needs the runtime Optional on Python 3.10
    typer.Argument(
        metavar="FILE",
        help="UTF-8 (or UTF-16 with BOM) text files; '-' or none reads standard input.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Optional[OutputFormat],  # noqa: UP045
    typer.Option(
        "--format",
        "-f",
        metavar="table|text|tsv|jsonl|json",
        help="Output format. Default: table on a terminal, text in a pipe.",
        case_sensitive=False,
        show_default=False,
    ),
]

# JSONL corpora (summarize and terms)
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Inputs are JSONL corpora.")]
TextFieldOpt = Annotated[str, typer.Option(metavar="NAME", help="JSONL: the field with the text.")]
IdFieldOpt = Annotated[str, typer.Option(metavar="NAME", help="JSONL: the field naming a record.")]

# summarize and terms also write a reading view (every other command refuses html)
PageFormatOpt = Annotated[
    Optional[OutputFormat],  # noqa: UP045
    typer.Option(
        "--format",
        "-f",
        metavar="table|text|tsv|jsonl|json|html",
        help="Output format. Default: table on a terminal, text in a pipe. html: one "
        "self-contained page to read in a browser (never chosen by default).",
        case_sensitive=False,
        show_default=False,
    ),
]
OutputFileOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="With --format html: write the page to FILE (atomically) instead of stdout.",
        show_default=False,
    ),
]


def _check_legacy(value: str | None) -> str | None:
    """An unknown font is a usage error; a missing extra is one line and exit 2, before
    any input is read."""
    if value is None:
        return None
    from indoru.legacy import LEGACY_FONTS, legacy_converter

    if value not in LEGACY_FONTS:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(LEGACY_FONTS)}")
    legacy_converter(value)
    return value


FromLegacyOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--from-legacy",
        metavar="FONT",
        help="Convert Hindi typed in a legacy font encoding to Unicode before reading it: "
        "krutidev (Kruti Dev 010). Needs the legacy extra (pip install 'indoru\\[legacy]'). "
        "Unicode Hindi and English inputs are left as they are.",
        callback=_check_legacy,
        show_default=False,
    ),
]
NoHeaderOpt = Annotated[bool, typer.Option("--no-header", help="TSV: leave out the header line.")]
NoColorOpt = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colour or bold: the same as --color never.",
    ),
]


class ColorChoice(str, Enum):
    """``--color``: auto (colour on a terminal, unless NO_COLOR is set and not empty or
    TERM=dumb), always (even into a pipe, for ``less -R``; overrides NO_COLOR, as
    no-color.org asks of command-line flags) or never."""

    auto = "auto"
    always = "always"
    never = "never"


def _choose_color(value: ColorChoice | None) -> ColorChoice | None:
    environment().color = value or ColorChoice.auto
    return value


def _choose_pager(value: bool) -> bool:
    environment().paging = not value
    return value


ColorOpt = Annotated[
    Optional[ColorChoice],  # noqa: UP045
    typer.Option(
        "--color",
        metavar="auto|always|never",
        help="Colour: auto (on a terminal, unless NO_COLOR or TERM=dumb), always (even "
        "into a pipe: -f table --color always | less -R) or never.",
        case_sensitive=False,
        show_default=False,
        callback=_choose_color,
    ),
]
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Do not page long output on a terminal (pager: $INDORU_PAGER, $PAGER or less).",
        callback=_choose_pager,
    ),
]


class OutputClosed(IndoruError):
    """Standard output is closed (``>&-``): nothing can be written."""


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # a closed stream
        return False


def _positive(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


def _terminal_size(
    environ: Mapping[str, str], terminal: TextIO | None
) -> tuple[int | None, int | None]:
    """COLUMNS and LINES when set to a positive number, else the terminal's own size."""
    columns, lines = _positive(environ.get("COLUMNS")), _positive(environ.get("LINES"))
    if terminal is not None and (columns is None or lines is None):
        try:
            size = os.get_terminal_size(terminal.fileno())
        except (OSError, ValueError, AttributeError):
            return columns, lines
        columns = columns or size.columns or None
        lines = lines or size.lines or None
    return columns, lines


@dataclass
class Environment:
    """The streams a command reads and writes, whether each is a terminal, and the
    environment variables: decided here once, swapped whole by tests."""

    stdin: TextIO | None
    stdout: TextIO | None
    stderr: TextIO | None
    stdin_isatty: bool = False
    stdout_isatty: bool = False
    stderr_isatty: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    # the terminal's size in cells (COLUMNS and LINES first, as rich and less read them);
    # None: not a terminal and not set, so tables are 80 wide and nothing is paged
    columns: int | None = None
    lines: int | None = None
    # what the command's --color and --no-pager said (set while its options are parsed);
    # paging None: the command does not page at all
    color: ColorChoice = ColorChoice.auto
    paging: bool | None = None
    pager: Pager | None = None

    @property
    def width(self) -> int:
        """The width tables are fitted to."""
        return self.columns or 80

    @classmethod
    def from_process(cls) -> Environment:
        """This process's streams: UTF-8 out, and a lone surrogate (from a file name or
        a JSONL escape) written as ``\\udcxx`` instead of crashing the writer."""
        for stream in (sys.stdout, sys.stderr):
            if stream is not None and hasattr(stream, "reconfigure"):
                with suppress(ValueError, OSError):
                    stream.reconfigure(encoding="utf-8", errors="backslashreplace", newline="\n")
        stdout_isatty = _isatty(sys.stdout)
        columns, lines = _terminal_size(os.environ, sys.stdout if stdout_isatty else None)
        return cls(
            sys.stdin,
            sys.stdout,
            sys.stderr,
            _isatty(sys.stdin),
            stdout_isatty,
            _isatty(sys.stderr),
            os.environ,
            columns,
            lines,
        )

    def say(self, message: str) -> None:
        """One diagnostic line on stderr, neutralised: untrusted text (file names, ids,
        glossary text) never acts on the terminal or hides what it says."""
        if self.stderr is None:
            return
        from indoru.text import make_visible

        try:
            line = make_visible(message).replace("\n", "\u2424").replace("\t", "\u2409")
            self.stderr.write(f"indoru: {line}\n")
            self.stderr.flush()
        except (OSError, ValueError):
            pass  # stderr closed or full: nowhere left to say it

    def pager_command(self) -> str | None:
        """INDORU_PAGER, then PAGER, then less; set and empty, or ``cat``: no pager
        (as git does)."""
        for name in ("INDORU_PAGER", "PAGER"):
            if name in self.environ:
                command = self.environ[name].strip()
                return command if command and command != "cat" else None
        return "less"

    def page(self) -> None:
        """Send standard output through a pager, when this command pages, stdout is a
        terminal of known height and a pager is configured; the pager starts only once
        the output is longer than the screen (:class:`Pager`)."""
        command = self.pager_command()
        if not (self.paging and self.stdout_isatty and self.lines and command):
            return
        if self.stdout is None or self.pager is not None:
            return
        environ = {**self.environ}
        environ.setdefault("LESS", "FRX")  # quit at the end, keep colours, leave the screen
        environ.setdefault("LV", "-c")
        self.pager = Pager(self.stdout, command, self.lines, environ)
        self.stdout = cast(TextIO, self.pager)

    def close_pager(self) -> None:
        """Let the pager show the rest and wait until the reader quits it."""
        if self.pager is not None:
            pager, self.pager = self.pager, None
            self.stdout = pager.terminal
            pager.close()

    def color_allowed(self) -> bool:
        """NO_COLOR set to anything but the empty string (no-color.org), or TERM=dumb,
        turn colour off."""
        return not self.environ.get("NO_COLOR") and self.environ.get("TERM") != "dumb"


_ENVIRONMENTS: list[Environment] = []


def environment() -> Environment:
    """The environment of the running command (this process's, outside :func:`run`)."""
    return _ENVIRONMENTS[-1] if _ENVIRONMENTS else Environment.from_process()


@contextmanager
def using(env: Environment) -> Iterator[Environment]:
    _ENVIRONMENTS.append(env)
    try:
        yield env
    finally:
        _ENVIRONMENTS.pop()


class Pager(io.TextIOBase):
    """Standard output that holds back its first screenful: output that ends within it
    is written to the terminal as is; longer output starts the pager (a shell command, as
    git runs it) and goes through it. Writes after the reader quits the pager raise
    BrokenPipeError, which the pipe manners end with status 0."""

    def __init__(self, terminal: TextIO, command: str, lines: int, environ: dict[str, str]):
        super().__init__()
        self.terminal = terminal
        self._command = command
        self._environ = environ
        self._room = max(lines - 1, 1)  # the last line stays for the prompt
        self._held: list[str] | None = []
        self._newlines = 0
        self._process: subprocess.Popen[str] | None = None  # started by _start

    @property
    def started(self) -> bool:
        return self._process is not None

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.terminal.fileno()

    def write(self, text: str) -> int:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.write(text)
        elif self._held is None:
            self.terminal.write(text)
        else:
            self._held.append(text)
            self._newlines += text.count("\n")
            if self._newlines > self._room:
                self._start()
        return len(text)

    def _start(self) -> None:
        import subprocess

        held, self._held = self._held or [], None
        self.terminal.flush()
        self._process = subprocess.Popen(
            self._command,
            shell=True,  # the user's own $PAGER, run by the shell as git runs it
            stdin=subprocess.PIPE,
            env=self._environ,
            text=True,
            encoding="utf-8",
            errors="backslashreplace",
        )
        assert self._process.stdin is not None
        self._process.stdin.write("".join(held))

    def flush(self) -> None:
        if self.closed:
            return
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.flush()
        elif self._held is None:
            self.terminal.flush()

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._process is None:
                if self._held:
                    self.terminal.write("".join(self._held))
                self._held = None
                self.terminal.flush()
                return
            with suppress(OSError, ValueError):  # the reader quit: nothing left to say
                assert self._process.stdin is not None
                self._process.stdin.close()
            while True:  # Ctrl-C belongs to the pager until it exits, as in git
                try:
                    self._process.wait()
                    break
                except KeyboardInterrupt:
                    continue
        finally:
            self._process = None
            super().close()


@dataclass
class Output:
    """Where and how records are written, decided once per command."""

    fmt: OutputFormat
    header: bool
    color: bool
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    env: Environment = field(default_factory=environment)
    failed: bool = False

    @classmethod
    def resolve(
        cls,
        fmt: OutputFormat | None,
        no_header: bool,
        no_color: bool,
        *,
        pages: bool = False,
        output: Path | None = None,
    ) -> Output:
        """``pages``: the command writes ``--format html`` (and ``-o FILE`` with it)."""
        resume_collection()  # every command starts here
        if fmt is OutputFormat.html and not pages:
            raise typer.BadParameter("html is for summarize and terms", param_hint="--format")
        if output is not None and fmt is not OutputFormat.html:
            raise typer.BadParameter(
                "applies to --format html only (redirect other formats: > FILE)",
                param_hint="--output",
            )
        env = environment()
        if env.stdout is None:
            raise OutputClosed("standard output is closed; nothing can be written")
        terminal = env.stdout_isatty
        if no_color and env.color is ColorChoice.always:
            raise typer.BadParameter("--no-color and --color always ask for opposite things")
        if no_color or env.color is ColorChoice.never:
            color = False
        else:
            color = env.color is ColorChoice.always or (terminal and env.color_allowed())
        chosen = fmt or (OutputFormat.table if terminal else OutputFormat.text)
        env.page()
        assert env.stdout is not None
        return cls(chosen, not no_header, color, stdout=env.stdout, env=env)

    @property
    def stderr(self) -> TextIO | None:
        return self.env.stderr

    def warn(self, message: str) -> None:
        self.env.say(message)

    def error(self, error: IndoruError) -> None:
        self.failed = True
        self.env.say(f"error: {error}")


_PAUSED: list[bool] = []  # the cyclic GC was paused for the start-up


def pause_collection() -> None:
    """No cyclic GC pass while the command line starts (see indoru.app): what it makes
    lives as long as the process."""
    if gc.isenabled():
        gc.disable()
        _PAUSED.append(True)


def resume_collection() -> None:
    """The command starts: the start-up's objects are frozen (never walked again, and
    shared with forked workers as they are) and the cyclic GC runs as usual."""
    if _PAUSED:
        _PAUSED.clear()
        gc.freeze()
        gc.enable()


@contextmanager
def pipe_manners() -> Iterator[None]:
    """A reader that goes away (``| head``) ends the command quietly with status 0."""
    stdout = environment().stdout
    try:
        yield
        if stdout is not None:
            stdout.flush()
    except BrokenPipeError:
        silence(stdout)
        raise typer.Exit(ExitCode.OK) from None


def silence(stream: TextIO | None) -> None:
    """Point a dead stream at /dev/null, so that Python's flush at exit says nothing."""
    try:
        if stream is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def emit(out: Output, records: Iterable[Record], view: View) -> int:
    """Write records in the chosen format, the one way every command writes its result;
    returns how many records there were."""
    counted = _Counter(records)
    with pipe_manners():
        if out.fmt is OutputFormat.table:
            from indoru import console

            screen = console.make_console(out.stdout, color=out.color)
            if view.terminal is not None:
                for record in counted:
                    view.terminal(screen, record)
            else:
                columns = view.table() if view.table else None
                layout = columns or [console.Column(c, c) for c in view.columns]
                console.print_table(screen, counted, layout)
        else:
            from indoru.render import format_lines, write_lines

            write_lines(out.stdout, format_lines(counted, out.fmt, view, header=out.header))
    return counted.count


class _Counter:
    def __init__(self, records: Iterable[Record]) -> None:
        self._records = records
        self.count = 0

    def __iter__(self) -> Iterator[Record]:
        for record in self._records:
            self.count += 1
            yield record


def emit_page(
    out: Output, records: Iterable[Record], page: Callable[[list[Record]], str], output: Path | None
) -> int:
    """Write one HTML page made of all the records to stdout or, atomically, to
    ``output`` (nothing at all when there is no record); returns how many records."""
    collected = list(records)
    if not collected:
        return 0
    text = page(collected)
    if output is None:
        with pipe_manners():
            out.stdout.write(text)
        return len(collected)
    write_file(out, output, text)
    return len(collected)


def write_file(out: Output, output: Path, text: str) -> None:
    """``-o FILE``: the whole text written atomically (a temporary file, then a rename);
    a file that cannot be written is one line on stderr and exit status 3."""
    from indoru.interchange import write_atomically

    try:
        write_atomically(output, text)
    except BrokenPipeError:
        raise typer.Exit(ExitCode.OK) from None  # -o /dev/stdout into `| head`: as stdout
    except OSError as error:
        out.warn(f"error: {output}: {(error.strerror or str(error)).lower()}")
        raise typer.Exit(ExitCode.INPUT) from None


def several_inputs(files: Sequence[str] | None) -> bool:
    """Whether the output may hold records of more than one input (and so names them)."""
    return bool(files) and (len(files or ()) > 1 or any(os.path.isdir(f) for f in files or ()))


def iter_sources(
    out: Output, files: list[str] | None, legacy: str | None = None
) -> Iterator[Source]:
    """Open each input in turn (a folder: every ``*.txt`` in it, recursively, in order);
    report the ones that cannot be opened and go on. With ``legacy``, the inputs are
    converted from that legacy font encoding as they are read."""
    from indoru.batch import BadInput, expand
    from indoru.reading import open_source

    for path in expand(files or ["-"]):
        if isinstance(path, BadInput):
            out.error(IndoruError(path.message))
            continue
        if path == "-" and out.env.stdin_isatty:
            out.warn("reading standard input (end it with Ctrl-D)")
        try:
            refuse_output_as_input(out, path)
            yield open_source(path, legacy=legacy)
        except IndoruError as error:
            out.error(error)


def refuse_output_as_input(out: Output, path: str) -> None:
    """``indoru sentences a.txt >> a.txt`` would read what it writes until the disk is
    full: an input that is the output file is refused, as cat does."""
    if path == "-":
        return
    try:
        written = os.fstat(out.stdout.fileno())
        read = os.stat(path)
    except (OSError, ValueError, AttributeError):
        return  # not a real file on either side (a test stream, a missing input)
    import stat

    if stat.S_ISREG(written.st_mode) and (written.st_dev, written.st_ino) == (
        read.st_dev,
        read.st_ino,
    ):
        from indoru.errors import InputError

        raise InputError(path, "input file is the output file")


def finish(out: Output, produced: int) -> None:
    """Exit with the documented status: input error, no result, or OK."""
    if out.failed:
        raise typer.Exit(ExitCode.INPUT)
    if not produced:
        raise typer.Exit(ExitCode.NO_RESULT)
