"""`indoru glossary` (look-up, list, search, export, check) and `indoru terms`."""

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from indoru.app_corpus import (
    Engine,
    EngineOpt,
    OutputDirOpt,
    OverwriteOpt,
    SchedulerOpt,
    check_options,
    corpus_terms,
)
from indoru.cli import (
    ColorOpt,
    FilesArg,
    FormatOpt,
    FromLegacyOpt,
    IdFieldOpt,
    JsonlOpt,
    NoColorOpt,
    NoHeaderOpt,
    NoPagerOpt,
    Output,
    OutputFileOpt,
    PageFormatOpt,
    TextFieldOpt,
    emit,
    emit_page,
    finish,
    iter_sources,
    pipe_manners,
    several_inputs,
    write_file,
)
from indoru.errors import ExitCode, IndoruError
from indoru.render import Record, View, bracketed

if TYPE_CHECKING:
    from indoru.glossary import Entry
    from indoru.lookup import GlossaryIndex, Match


class _LookupByDefault(TyperGroup):
    """`indoru glossary S-400` means `indoru glossary lookup S-400`.

    A query that is also a subcommand's name (`export`, `check`) needs the explicit
    `indoru glossary lookup export`.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["lookup", *args]
        elif not args:
            args = ["lookup"]
        return list(super().parse_args(ctx, args))


glossary_app = typer.Typer(
    cls=_LookupByDefault,
    help="Look terms up in the Hindi–English glossary: `indoru glossary QUERY` "
    "(the same as `indoru glossary lookup QUERY`), export it, or check it.\n\n"
    "Examples:\n\n"
    "  indoru glossary S-400\n"
    "  indoru glossary export -f csv | head -2\n"
    "  indoru glossary check",
    context_settings={"help_option_names": ["-h", "--help"]},
)

GlossaryOpt = Annotated[
    Optional[list[str]],  # noqa: UP045 -- typer needs the runtime Optional on Python 3.10
    typer.Option(
        "--glossary",
        "-g",
        metavar="FILE",
        help="Your own glossary (TSV in indoru's schema or Hindi<TAB>English, or an "
        "indoru CSV/JSON/TBX export), merged over the built-in one. Repeatable; "
        "INDORU_GLOSSARY=FILE[:FILE] does the same.",
        show_default=False,
    ),
]

GLOSSARY_COLUMNS = [
    "id", "en", "hi", "en_variants", "hi_variants", "romanized", "category", "domain",
    "definition", "match", "match_score",
]  # fmt: skip


def _index(out: Output, user_glossaries: Sequence[str] | None) -> "GlossaryIndex":
    from indoru.store import load_index

    try:
        return load_index(user_glossaries or ())
    except IndoruError as error:
        out.error(error)
        raise typer.Exit(ExitCode.INPUT) from None


def _record(entry: "Entry", match: str = "", score: float | None = None) -> Record:
    from indoru.glossary import entry_record

    full = entry_record(entry)
    return {
        **{key: full[key] for key in GLOSSARY_COLUMNS[:-2]},
        "match": match,
        "match_score": score,
    }


def _entry_line(record: Record) -> list[str]:
    how = f" [{record['match']}]" if record.get("match") else ""
    category = f" ({record['category']})" if record.get("category") else ""
    return [f"{record['hi']} — {record['en']}{category}: {record['definition']}{how}"]


def _entry_table() -> Sequence[object]:
    from indoru.console import Column

    return [
        Column("hi", "Hindi", wrap=True, keep=True),
        Column("en", "English", wrap=True, keep=True),
        Column("category", "category"),
        Column("definition", "definition", wrap=True),
        Column("match", "match"),
    ]


LOOKUP_COLUMNS = ["query", *GLOSSARY_COLUMNS]


@glossary_app.command("lookup")
def lookup(
    query: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="QUERY",
            help="Terms in any script, spelling or inflection, one per argument (quote a "
            "query of several words); '-', or none with piped input, reads one per line "
            "from standard input.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--limit",
            "-n",
            min=1,
            metavar="N",
            help="At most N entries (per query; default 5; --list and --search: all).",
            show_default=False,
        ),
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact", "-e", help="Exact forms only: no fallbacks.")
    ] = False,
    no_fuzzy: Annotated[
        bool, typer.Option("--no-fuzzy", help="No typo-tolerant matching.")
    ] = False,
    list_all: Annotated[
        bool, typer.Option("--list", help="List entries (see --category, --domain).")
    ] = False,
    category: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="With --list or --search: only this category."),
    ] = None,
    domain: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(metavar="NAME", help="With --list or --search: only this domain."),
    ] = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--search",
            "-s",
            metavar="TEXT",
            help="Entries whose terms, definitions or note contain TEXT, most relevant "
            "first: a term that is TEXT, then one starting with it, one with it as a "
            "word, then definitions.",
        ),
    ] = None,
    glossary: GlossaryOpt = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
    no_color: NoColorOpt = False,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
) -> None:
    """Look terms up: best entries first, each saying how it matched.

    Matching goes exact, normalised (S400 = S-400 = एस 400), inflected (समझौतों),
    cross-script (lavrov, drdo, ब्रह्मोस), partial (a person's surname), parts (the
    entries inside a longer query: रूसी रूबल) and fuzzy (jayshankar, मौदी), stopping at
    the first that finds something. Nothing close enough: "no entry", exit 1, with
    suggestions on stderr; never an unrelated entry as the answer.

    Several queries (arguments, or lines on standard input) are answered in one go, each
    answer labelled with its query; a query without an entry is one line on stderr, and
    the exit status is 1 only if no query found anything.

    Examples:

      indoru glossary S-400 lavrov
      printf 'S-400\nजयशंकर\n' | indoru glossary -
      indoru glossary lavrov -f tsv --no-header | cut -f2,3
      indoru glossary --list --category weapon-system
    """
    out = Output.resolve(fmt, no_header, no_color)
    asked = [text.strip() for text in query or []]
    asked = [text for text in asked if text]
    from_stdin = "-" in asked or (
        not query and not list_all and search is None and _stdin_is_piped(out)
    )
    if sum(map(bool, (asked or from_stdin, list_all, search is not None))) != 1:
        raise typer.BadParameter(
            "give a QUERY (or queries on standard input), or --list, or --search TEXT (one of them)"
        )
    from indoru.glossary import CATEGORIES, DOMAINS

    if category is not None and category not in CATEGORIES:
        raise typer.BadParameter(f"choose from {', '.join(CATEGORIES)}", param_hint="--category")
    if domain is not None and domain not in DOMAINS:
        raise typer.BadParameter(f"choose from {', '.join(DOMAINS)}", param_hint="--domain")
    if search is not None and not search.strip():
        raise typer.BadParameter("give some text to search for", param_hint="--search")
    if (category or domain) and not (list_all or search):
        raise typer.BadParameter("--category and --domain go with --list or --search")
    index = _index(out, glossary)
    if list_all or search:
        found = index.search(search) if search else index.entries
        entries = [
            e for e in found if category in (None, e.category) and domain in (None, e.domain)
        ]
        records: Iterator[Record] = (_record(e) for e in entries[:limit])
        shown = emit(out, records, View(GLOSSARY_COLUMNS, _entry_line, table=_entry_table))
        if search and not shown:
            out.warn(f"no glossary entry contains {search!r}")
        finish(out, shown)
        return
    options: dict[str, Any] = {"exact_only": exact, "fuzzy": not no_fuzzy, "limit": limit or 5}
    if not from_stdin and len(asked) == 1:
        text = asked[0]
        matches = index.lookup(text, **options)
        if not matches:
            out.warn(_no_match(index, text, exact))
            emit(out, [], View(LOOKUP_COLUMNS, _entry_line, table=_entry_table))  # [] in JSON
            raise typer.Exit(ExitCode.NO_RESULT)
        if matches[0].match == "parts":
            out.warn(_parts_note(text))
        records = (_lookup_record(text, m) for m in matches)
        finish(out, emit(out, records, View(LOOKUP_COLUMNS, _entry_line, table=_entry_table)))
        return
    records = _answers(out, index, _queries(out, asked or ["-"]), options)
    view = View(LOOKUP_COLUMNS, _entry_line, table=_labelled_table, label="query")
    finish(out, emit(out, records, view))


def _lookup_record(text: str, match: "Match") -> Record:
    return {"query": text, **_record(match.entry, match.match, match.score)}


def _answers(
    out: Output, index: "GlossaryIndex", queries: Iterable[str], options: dict[str, Any]
) -> Iterator[Record]:
    """The records of every query in turn; a query without an entry is one line on
    stderr (with suggestions, as for a single query) and the batch goes on."""
    for text in queries:
        matches = index.lookup(text, **options)
        if not matches:
            out.warn(_no_match(index, text, options["exact_only"]))
        elif matches[0].match == "parts":
            out.warn(_parts_note(text))
        for match in matches:
            yield _lookup_record(text, match)


def _stdin_is_piped(out: Output) -> bool:
    return out.env.stdin is not None and not out.env.stdin_isatty


def _queries(out: Output, asked: Sequence[str]) -> Iterator[str]:
    """The queries in order, '-' standing for the lines of standard input (read once)."""
    read = False
    for text in asked:
        if text != "-":
            yield text
        elif not read:
            read = True
            yield from _stdin_queries(out)


def _stdin_queries(out: Output) -> Iterator[str]:
    """One query per line of standard input (UTF-8, a byte-order mark allowed), blank
    lines and surrounding spaces ignored. Read a line at a time, with the answers so far
    flushed before each read, so that a program can ask, read the answer, and ask again
    (as with a dictionary server); a line that is not UTF-8 is reported and skipped."""
    import codecs

    from indoru.errors import InputError
    from indoru.reading import STDIN_NAME

    stdin = out.env.stdin
    if stdin is None:
        out.error(InputError(STDIN_NAME, "standard input is closed"))
        return
    if out.env.stdin_isatty:
        out.warn("reading queries from standard input, one per line (end with Ctrl-D)")
    stream = getattr(stdin, "buffer", None)
    if stream is None:  # a text stream without bytes underneath (an embedding program)
        import io

        stream = io.BytesIO(stdin.read().encode("utf-8", "surrogatepass"))
    empty = True
    for number, raw in enumerate(iter(_reader(out, stream), b""), start=1):
        try:
            line = (raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw).decode("utf-8")
        except UnicodeDecodeError as error:
            out.error(InputError(f"{STDIN_NAME}:{number}", f"not UTF-8 at byte {error.start}"))
            continue
        text = line.strip()
        if text:
            empty = False
            yield text
    if empty:
        out.warn(f"{STDIN_NAME}: empty input, no queries")


def _reader(out: Output, stream: Any) -> Any:
    """``stream.readline``, flushing the answers written so far before each read."""

    def readline() -> bytes:
        out.stdout.flush()
        line: bytes = stream.readline()
        return line

    return readline


def _labelled_table() -> Sequence[object]:
    from indoru.console import Column

    return [Column("query", "query"), *_entry_table()]


def _parts_note(text: str) -> str:
    return f"no glossary entry for {text!r} as a whole; entries for its parts:"


def _no_match(index: "GlossaryIndex", text: str, strict: bool) -> str:
    suggestions: list[Match] = [] if strict else index.suggest(text)  # hints, not results
    hint = ""
    if suggestions:
        hint = "; did you mean: " + ", ".join(f"{m.entry.hi} ({m.entry.en})" for m in suggestions)
    return f"no glossary entry for {text!r}{hint}"


@glossary_app.command("export")
def export_command(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="tbx|tbx2|tsv|csv|json",
            help="tbx (TBX-Basic, TBX v3), tbx2 (TBX-Basic 2008, martif: Translate Toolkit, "
            "Weblate), tsv (OmegaT; save it as NAME.utf8), csv or json.",
        ),
    ] = "tbx",
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."
        ),
    ] = None,
    direction: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--direction",
            metavar="hi-en|en-hi",
            help="With -f tsv: Hindi source terms (hi-en, the default) or English (en-hi).",
            show_default=False,
        ),
    ] = None,
    bom: Annotated[
        bool,
        typer.Option("--bom", help="With -f csv: start with a UTF-8 byte order mark (Excel)."),
    ] = False,
    glossary: GlossaryOpt = None,
) -> None:
    """Export the glossary (with any --glossary files merged) for CAT tools.

    An existing FILE keeps its permissions; a new one gets those of the umask.

    Examples:

      indoru glossary export -o glossary.tbx
      indoru glossary export -f tbx2 -o glossary-v2.tbx
      indoru glossary export -f tsv --direction en-hi -o glossary.utf8
    """
    from indoru.interchange import DIRECTIONS, FORMATS, export

    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    if direction is not None and direction not in DIRECTIONS:
        raise typer.BadParameter(
            f"{direction!r} is not one of {', '.join(DIRECTIONS)}", param_hint="--direction"
        )
    if direction is not None and fmt != "tsv":
        raise typer.BadParameter("applies to -f tsv only", param_hint="--direction")
    if bom and fmt != "csv":
        raise typer.BadParameter("applies to -f csv only", param_hint="--bom")
    out = Output.resolve(None, False, True)
    try:
        text = export(_index(out, glossary).entries, fmt, direction=direction or "hi-en", bom=bom)
    except IndoruError as error:
        out.error(error)
        raise typer.Exit(ExitCode.INPUT) from None
    if output is None:
        emit_raw(out, text)
        return
    write_file(out, output, text)


def emit_raw(out: Output, text: str) -> None:
    with pipe_manners():
        out.stdout.write(text)


CHECK_COLUMNS = ["where", "kind", "message"]


def _check_line(record: Record) -> list[str]:
    return [f"{record['where']}: {record['message']}"]


def _check_table() -> Sequence[object]:
    from indoru.console import Column

    return [
        Column("where", "where", wrap=True),
        Column("kind", "kind"),
        Column("message", "message", wrap=True),
    ]


@glossary_app.command("check")
def check_command(
    files: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            metavar="FILE",
            help="Glossary files to check together (default: the built-in ones).",
            show_default=False,
            readable=False,  # the reader says "permission denied" and exits 3, not 2
        ),
    ] = None,
    glossary: GlossaryOpt = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Validate glossary files: duplicate ids, forms shared without '~', empty or
    malformed rows, each as FILE:LINE: reason (kind "problem"); any problem exits 3.

    With --glossary FILE, your glossary is checked over the built-in one, and every
    entry of yours that overrides a built-in entry is listed (kind "override"), as is
    one that names several entries (kind "clash"): these are reports, not problems.

    Examples:

      indoru glossary check
      indoru glossary check my-terms.tsv
      indoru glossary check -g my-terms.tsv -f tsv
    """
    from indoru import store

    out = Output.resolve(fmt, no_header, no_color)
    if files and glossary:
        raise typer.BadParameter("give FILES to check on their own, or --glossary FILE")
    try:
        if glossary:
            count, problems, overrides = store.check_overrides(store.user_files(glossary))
        else:
            (count, problems), overrides = store.check(files or None), []
    except IndoruError as error:
        out.error(error)
        raise typer.Exit(ExitCode.INPUT) from None

    def records() -> Iterator[Record]:
        for found in overrides:
            kind = "clash" if found.others else "override"
            yield {"where": found.user.origin, "kind": kind, "message": str(found)}
        for problem in problems:
            yield {"where": problem.origin, "kind": "problem", "message": problem.reason}

    emit(out, records(), View(CHECK_COLUMNS, _check_line, table=_check_table))
    said = f"{count} entries, {len(problems)} problems"
    if glossary:
        clashes = sum(1 for found in overrides if found.others)
        said += f", {len(overrides) - clashes} overrides, {clashes} clashes"
    out.warn(said)
    if problems:
        raise typer.Exit(ExitCode.INPUT)


TERM_COLUMNS = [
    "file", "id", "en", "hi", "category", "count", "uncertain", "forms", "sentence_indices",
    "en_variants", "hi_variants", "definition",
]  # fmt: skip


def _term_table(multi: bool) -> Any:
    def layout() -> Sequence[object]:
        from indoru.console import Column

        return [
            *([Column("file", "file", group=True)] if multi else []),
            Column("hi", "Hindi", wrap=True, keep=True),
            Column("en", "English", wrap=True, keep=True),
            Column("category", "category"),
            Column("count", "count", justify="right"),
            Column("uncertain", "uncertain", justify="right"),
            Column("forms", "forms seen", wrap=True),
            Column("sentence_indices", "sentences", wrap=True),
        ]

    return layout


def terms(
    files: FilesArg = None,
    highlight: Annotated[
        bool, typer.Option("--highlight", help="Print the text with the terms marked.")
    ] = False,
    jsonl: JsonlOpt = False,
    text_field: TextFieldOpt = "text",
    id_field: IdFieldOpt = "id",
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, metavar="N", help="JSONL: processes to use.")
    ] = 1,
    output_dir: OutputDirOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    overwrite: OverwriteOpt = False,
    glossary: GlossaryOpt = None,
    fmt: PageFormatOpt = None,
    output: OutputFileOpt = None,
    no_header: NoHeaderOpt = False,
    no_color: NoColorOpt = False,
    from_legacy: FromLegacyOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
) -> None:
    """List every glossary term in the text, with its English, how often it occurs, the
    forms seen and the sentence indices (as `indoru sentences` numbers them).

    Longest match first: संयुक्त राष्ट्र सुरक्षा परिषद is one term, not संयुक्त राष्ट्र.

    Spaced and joined spellings find each other: वायु सेना = वायुसेना.

    A term that is also an ordinary word counts only where the sentence is about
    it (आकाश beside मिसाइल, not the sky); where the sentence cannot tell, the
    occurrence is counted as uncertain rather than guessed.

    Examples:

      indoru terms article.txt
      indoru terms -f tsv article.txt | cut -f3,4,6
      indoru terms --highlight article.txt
      indoru terms -f html -o terms.html article.txt
      indoru terms --jsonl 'news/*.jsonl.gz' --engine dask --output-dir out/
    """
    from indoru.render import OutputFormat

    check_options(
        jsonl=jsonl,
        engine=engine,
        scheduler=scheduler,
        output_dir=output_dir,
        overwrite=overwrite,
        inputs=files,
    )
    if jsonl and highlight:
        raise typer.BadParameter("--highlight marks one text at a time: not with --jsonl")
    if jsonl and fmt is OutputFormat.html:
        raise typer.BadParameter("html is a page of each text: not with --jsonl")
    out = Output.resolve(fmt, no_header, no_color, pages=True, output=output)
    if jsonl:
        corpus_terms(
            out,
            files,
            View(TERM_COLUMNS, _term_line, table=_term_table(True), label="file"),
            text_field=text_field,
            id_field=id_field,
            legacy=from_legacy,
            glossary=glossary,
            jobs=jobs,
            output_dir=output_dir,
            engine=engine,
            scheduler=scheduler,
            overwrite=overwrite,
        )
        return
    index = _index(out, glossary)
    from indoru.pipeline import term_record
    from indoru.segment import iter_spans
    from indoru.terms import TermScanner, count_terms

    scanner = TermScanner(index)
    if out.fmt is OutputFormat.html:
        from indoru.html import terms_page

        finish(out, emit_page(out, _reading(out, scanner, files, from_legacy), terms_page, output))
        return
    if highlight:
        finish(out, _highlight(out, scanner, files, from_legacy))
        return

    def records() -> Iterator[Record]:
        for source in iter_sources(out, files, from_legacy):
            try:
                rows = count_terms(scanner.scan(iter_spans(source.lines(), find_duplicates=False)))
            except IndoruError as error:
                out.error(error)
                continue
            if source.empty:
                out.warn(f"{source.name}: empty input, no terms")
            yield from (term_record(source.name, row) for row in rows)

    multi = several_inputs(files)
    view = View(TERM_COLUMNS, _term_line, table=_term_table(multi), label="file" if multi else None)
    finish(out, emit(out, records(), view))


def _reading(
    out: Output, scanner: Any, files: list[str] | None, legacy: str | None
) -> Iterator[Record]:
    """For the reading view: each text whole, with the records of ``--highlight`` (its
    term marks) and of the term table (its rows), from one scan."""
    from indoru.pipeline import term_record
    from indoru.segment import split_sentences
    from indoru.summarizer import detect_language
    from indoru.terms import count_terms, term_marks

    for name, text in _whole_texts(out, files, legacy):
        found = list(scanner.scan(split_sentences(text, find_duplicates=False)))
        yield {
            "file": name,
            "language": detect_language(text),
            "text": text,
            "marks": term_marks(found),
            "rows": [term_record(name, row) for row in count_terms(found)],
        }


def _whole_texts(
    out: Output, files: list[str] | None, legacy: str | None
) -> Iterator[tuple[str, str]]:
    """Each input's name and whole text; an unreadable one is reported and skipped, an
    empty one said on stderr."""
    for source in iter_sources(out, files, legacy):
        try:
            text = "".join(source.lines())
        except IndoruError as error:
            out.error(error)
            continue
        if source.empty:
            out.warn(f"{source.name}: empty input, no terms")
            continue
        yield source.name, text


MARK_COLUMNS = ["file", "start", "end", "form", "id", "hi", "en", "category", "uncertain"]


def _highlight(out: Output, scanner: Any, files: list[str] | None, legacy: str | None) -> int:
    """Each text with its terms marked: colour on a terminal, ``[[term|English]]`` in
    text, the text and its marks in JSON, one row per mark in TSV."""
    from indoru.segment import split_sentences
    from indoru.summarizer import detect_language
    from indoru.terms import term_marks

    marked = 0

    def records() -> Iterator[Record]:
        nonlocal marked
        for name, text in _whole_texts(out, files, legacy):
            marks = term_marks(scanner.scan(split_sentences(text, find_duplicates=False)))
            marked += len(marks)
            yield {
                "file": name,
                "language": detect_language(text),
                "text": text,
                "terms": marks,
            }

    def lines(record: Record) -> list[str]:
        return bracketed(record["text"], record["terms"], record["language"]).splitlines()

    def rows(record: Record) -> Iterator[Record]:
        for mark in record["terms"]:
            yield {"file": record["file"], **mark}

    multi = several_inputs(files)
    label = "file" if multi else None

    def terminal(screen: Any, record: Record) -> None:
        from indoru.console import print_heading, print_marked

        if multi:  # which file this is, as the tables of several files say it
            print_heading(screen, str(record["file"]))
        print_marked(screen, record)

    emit(out, records(), View(MARK_COLUMNS, lines, rows=rows, terminal=terminal, label=label))
    return marked


def _term_line(record: Record) -> list[str]:
    maybe = f", {record['uncertain']} uncertain" if record["uncertain"] else ""
    return [f"{record['hi']} — {record['en']} ({record['count']}{maybe})"]
