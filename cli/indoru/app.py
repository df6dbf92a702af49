"""The command line: the Typer app and the `sentences` command.

Commands parse arguments, call the core and hand records to the shared output contract
in :mod:`indoru.cli`; the glossary commands live in :mod:`indoru.app_glossary`.
"""

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, Optional

# Start-up (typer, click, the command tree) makes ~100,000 objects that live as long as
# the process; the cyclic GC would walk them again and again while they are made (4% of
# `indoru terms SEED`). Paused while this module loads; main() keeps it paused until the
# command starts (indoru.cli.resume_collection).
_COLLECTING = gc.isenabled()
gc.disable()

import typer  # noqa: E402

from indoru.cli import (  # noqa: E402
    ColorOpt,
    Environment,
    FilesArg,
    FormatOpt,
    FromLegacyOpt,
    NoColorOpt,
    NoHeaderOpt,
    NoPagerOpt,
    Output,
    emit,
    finish,
    iter_sources,
    several_inputs,
    silence,
    using,
)
from indoru.errors import ExitCode, IndoruError  # noqa: E402
from indoru.render import Record, View  # noqa: E402

app = typer.Typer(
    name="indoru",
    no_args_is_help=True,
    add_completion=True,  # bash, zsh and fish: --install-completion, _INDORU_COMPLETE=source_SHELL
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _readable_types() -> None:
    """Help shows what a value looks like, in words: typer 0.2x prints Python types
    (``<bool>`` beside every flag, ``<list[str]>`` beside arguments, ``<int>``). A flag
    takes no value, an argument's name already says it (FILE, QUERY), and an option
    without a metavar shows its choices or a word."""
    from typer.core import TyperArgument, TyperOption

    words = {"<int>": "N", "<int range>": "N", "<str>": "TEXT", "<float>": "NUMBER"}
    option_type = TyperOption.display_type_rich

    def option(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        shown = option_type(self, ctx)
        if shown is None or shown in words:
            return words.get(shown or "")
        return shown[1:-1] if shown.startswith("<") and shown.endswith(">") else shown

    def argument(self: TyperArgument, ctx: Any) -> str | None:
        return None

    setattr(TyperOption, "display_type_rich", option)  # noqa: B010
    setattr(TyperArgument, "display_type_rich", argument)  # noqa: B010


_readable_types()


def _show_version(value: bool) -> None:
    if value:
        from indoru import __version__

        typer.echo(f"indoru {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Hindi–English summaries, term tables and glossary look-ups for defence news.

    Exit status: 0 ok, 1 no result, 2 usage error, 3 input error, 130 interrupted.

    Examples:

      indoru summarize -n 2 article.txt
      indoru terms seeds/*.txt
      indoru glossary S-400
      indoru help terms
    """


SENTENCE_COLUMNS = ["file", "index", "start", "end", "kind", "duplicate_of", "text"]


def _sentence_table(multi: bool, duplicates: bool) -> Callable[[], Sequence[object]]:
    def layout() -> Sequence[object]:
        from indoru.console import Column

        return [
            *([Column("file", "file", group=True)] if multi else []),
            Column("index", "#", justify="right", keep=True),
            Column("kind", "kind"),
            *([Column("duplicate_of", "dup of", justify="right")] if duplicates else []),
            Column("text", "text", wrap=True, keep=True),
        ]

    return layout


@app.command()
def sentences(
    files: FilesArg = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
    no_color: NoColorOpt = False,
    from_legacy: FromLegacyOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    duplicates: Annotated[
        bool,
        typer.Option(
            "--duplicates",
            help="Mark each repeated or nearly repeated sentence with the index of its first "
            "occurrence (duplicate_of). Off by default: it costs about 3x the time, and memory "
            "grows with the number of distinct sentences.",
        ),
    ] = False,
) -> None:
    """Split news text into sentences, headings and bullet items.

    Every record is an exact span of the input (start and end are character offsets into
    the decoded text) with its kind; with --duplicates, a repeated sentence also gives
    the index of its first occurrence (duplicate_of). Empty input prints nothing and
    exits 1.

    Examples:

      indoru sentences article.txt
      indoru sentences -f tsv seeds/*.txt | cut -f1,2,5
      indoru sentences --duplicates -f jsonl archive.txt
      cat article.txt | indoru sentences -f jsonl
    """
    from indoru.segment import iter_spans

    out = Output.resolve(fmt, no_header, no_color)

    def records() -> Iterator[Record]:
        for source in iter_sources(out, files, from_legacy):
            try:
                for span in iter_spans(source.lines(), find_duplicates=duplicates):
                    yield {
                        "file": source.name,
                        "index": span.index,
                        "start": span.start,
                        "end": span.end,
                        "kind": span.kind,
                        "duplicate_of": span.duplicate_of,
                        "text": span.text,
                    }
            except IndoruError as error:
                out.error(error)
                continue
            if source.empty:
                out.warn(f"{source.name}: empty input, no sentences")

    multi = several_inputs(files)
    view = View(
        SENTENCE_COLUMNS, _text_lines, table=_sentence_table(multi, duplicates), label=_file(multi)
    )
    finish(out, emit(out, records(), view))


def _text_lines(record: Record) -> list[str]:
    return [str(record["text"])]


def _file(multi: bool) -> str | None:
    return "file" if multi else None


@app.command("help")
def help_command(
    ctx: typer.Context,
    command: Annotated[
        Optional[list[str]],  # noqa: UP045 -- typer needs the runtime Optional on Python 3.10
        typer.Argument(metavar="COMMAND", help="A command, such as terms or glossary export."),
    ] = None,
) -> None:
    """Show a command's help: `indoru help COMMAND` is `indoru COMMAND --help`.

    Examples:

      indoru help terms
      indoru help glossary export
    """
    root = ctx.find_root().command
    root.main([*(command or []), "--help"], prog_name="indoru", standalone_mode=False)


def _register() -> None:
    from indoru.app_glossary import glossary_app, terms
    from indoru.app_summarize import summarize

    app.command()(summarize)
    app.add_typer(glossary_app, name="glossary")
    app.command()(terms)


_register()
if _COLLECTING:
    gc.enable()


def run(args: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run one command and return its exit status: the one place where every indoru
    error becomes its message and exit code (no traceback for any of them)."""
    import sys

    from typer._click.exceptions import ClickException  # typer bundles click

    env = env or Environment.from_process()
    with using(env), _terminate_as_exception(), _closing_pager(env):
        try:
            code = app(
                list(sys.argv[1:] if args is None else args),
                standalone_mode=False,
                prog_name="indoru",
            )
            _flush(env)
            return int(code or 0)
        except IndoruError as error:
            env.say(f"error: {error}")
            return int(error.exit_code)
        except ClickException as error:
            _usage_error(error)
            return int(error.exit_code)
        except typer.Abort:
            return int(ExitCode.INTERRUPTED)
        except Terminated:
            return int(ExitCode.TERMINATED)
        except KeyboardInterrupt:
            return int(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            silence(env.stdout)
            return int(ExitCode.OK)
        except OSError as error:  # writing the output failed: a full disk, a closed stream
            silence(env.stdout)
            reason = (error.strerror or str(error)).lower()
            env.say(f"error: cannot write the output: {reason}")
            return int(ExitCode.INPUT)


@contextmanager
def _closing_pager(env: Environment) -> Iterator[None]:
    """Whatever the command's end, the pager gets the rest and the reader's time."""
    try:
        yield
    finally:
        try:
            env.close_pager()
        except OSError:
            silence(env.stdout)


class Terminated(BaseException):
    """SIGTERM: raised in the main thread so that worker pools are shut down on the way
    out (the default action would kill this process and orphan its workers)."""


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    import signal

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread (an embedding program): leave it alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _flush(env: Environment) -> None:
    if env.stdout is not None:
        env.stdout.flush()  # a full disk shows here, inside the handler


def _usage_error(error: Exception) -> None:
    import typer.rich_utils as formatting  # typer's own error box, as without this handler

    formatting.rich_format_error(error)  # type: ignore[arg-type]


def main() -> None:
    """Console-script entry point."""
    import sys

    from indoru.cli import pause_collection

    pause_collection()  # until the command starts: parsing, typer's pydantic, imports
    sys.exit(run())
