"""`dualprev import`: bring the enterprise's Excel 隐患台账 and 风险清单 into the register."""

from __future__ import annotations

import sys
import time

import click

from dualprev.hazards.commands.options import EXISTING_FILE, FILE, App, org_option, pass_app

PROGRESS_AFTER = 1.0  # seconds: a shorter import shows no bar


@click.group("import")
def import_group():
    """Import an Excel/CSV 隐患台账 or 风险清单 (.xlsx, .csv in UTF-8 or GB18030)."""


def import_options(command):
    """The options both imports share."""
    for option in reversed((
        org_option("Import into this org unit; the rows name units below it (default: your own unit)."),
        click.option("--sheet", metavar="NAME", help="The workbook's sheet (default: the first with a header)."),
        click.option("--mapping", type=EXISTING_FILE, metavar="FILE.toml",
                     help='Headers the program does not know: [columns] "问题描述" = "title".'),
        click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing."),
        click.option("--errors", "errors_path", type=FILE, metavar="FILE",
                     help="Write the rejected rows (their cells and a reason column) as .xlsx or .csv."),
        click.option("--create-missing", is_flag=True,
                     help="Create the org units and people the sheet names and the register lacks."),
    )):
        command = option(command)
    return click.argument("path", metavar="FILE", type=EXISTING_FILE)(command)


class Progress:
    """The shared progress bar (``App.progress``: stderr, a terminal only, never with --json), shown
    only once the import has taken more than a second."""

    def __init__(self, app: App):
        self.app, self.started = app, time.monotonic()
        self.bar = None
        self.advance = None

    def __call__(self, done: int, total: int | None) -> None:
        if self.advance is None:
            if time.monotonic() - self.started < PROGRESS_AFTER:
                return
            self.bar = self.app.progress("导入 import")
            self.advance = self.bar.__enter__()
        self.advance(done, total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _report(app: App, result: dict, errors_path: str | None) -> None:
    from dualprev.hazards import render
    from dualprev.hazards.labels import text
    from dualprev.hazards.sheets import write_rows

    if errors_path and result["rejected"]:
        write_rows(errors_path, [*result["headers"], text("import_reason_header", app.lang)],
                   [[*r["cells"], f"{r['column']}: {r['reason']}"] for r in result["rejected"]])
    if app.json:
        app.dump(result)
        return
    lang = app.lang
    click.echo(text("import_summary", lang, file=result["file"], sheet=result["sheet"],
                    header_row=result["header_row"], rows=result["rows"], imported=result["imported"],
                    skipped=result["skipped"], rejected=len(result["rejected"]),
                    warnings=len(result["warnings"])))
    if result.get("codes", {}).get("first"):
        click.echo(text("import_codes", lang, **result["codes"]))
    created = result["created"]
    if created["orgs"] or created["people"]:
        click.echo(text("import_created", lang, orgs="、".join(created["orgs"]) or "-",
                        people="、".join(created["people"]) or "-"))
    if result["unknown_columns"]:
        click.echo(text("import_unknown_columns", lang, columns="、".join(result["unknown_columns"])))
    columns = ["sheet", "row", "column", "reason"]
    for key, title in (("rejected", "import_rejected_title"), ("warnings", "import_warnings_title")):
        if result[key]:
            render.emit(result[key], columns, "table", lang, out=sys.stdout, title=text(title, lang))
    if errors_path and result["rejected"]:
        click.echo(text("import_errors_written", lang, path=errors_path))
    if result["dry_run"]:
        click.echo(text("import_dry_run", lang))


def _run(app: App, use_case, errors_path: str | None, **options) -> None:
    if errors_path:
        app.db().refuse_as_output(errors_path)
    bar = Progress(app)
    try:
        result = use_case(app.db(), actor=app.user, progress=bar, **options)
    finally:
        bar.close()
    _report(app, result, errors_path)


@import_group.command("hazards")
@import_options
@pass_app
def import_hazards(app: App, path, org_ref, sheet, mapping, dry_run, errors_path, create_missing):
    """Import a 隐患台账: every row checked, the accepted ones in one transaction.

    The header row is found below title rows; 隐患名称/隐患描述/存在问题, 隐患部位, 隐患等级, 隐患类别,
    发现时间/排查日期, 发现人/检查人, 责任单位, 整改责任人, 整改措施, 整改期限, 整改资金, 整改情况
    (已整改/未整改/整改中/已销号), 复核人/验收人, 复核时间/销号时间, 隐患编号 and their synonyms are
    known; --mapping names the rest. Each hazard's history is rebuilt as events marked imported
    (file, sheet, row, row hash). Importing the same file again adds nothing twice (by 隐患编号,
    else by the row's hash). Rejected rows are listed with sheet, row, column and reason.

    \b
    Example:
        dualprev --as wang import hazards 隐患台账2025.xlsx --dry-run --errors 问题行.xlsx
        dualprev --as wang import hazards 隐患台账2025.xlsx --create-missing
        dualprev --as wang import hazards 排查记录.csv --org 生产一车间 --mapping 列名.toml
    """
    from dualprev.hazards.services import imports

    _run(app, imports.import_hazards, errors_path, path=path, org=org_ref, sheet=sheet, mapping=mapping,
         dry_run=dry_run, create_missing=create_missing)


@import_group.command("risks")
@import_options
@pass_app
def import_risks(app: App, path, org_ref, sheet, mapping, dry_run, errors_path, create_missing):
    """Import a 风险清单: risk points with their assessment, 危险源 and 管控措施.

    风险点/风险单元, 危险源/风险事件, 评价方法, L/E/C or L/S (or one 因子 column), 风险值, 风险等级/颜色,
    管控层级, 管控措施 (several per cell, split on 、；; and line breaks), 责任人, 所属单位 and their
    synonyms are known. Rows repeating a 风险点 (or merged down) add their 危险源 and 管控措施 to it.
    A stated grade or 风险值 that disagrees with the factors is kept as stated and reported.

    \b
    Example:
        dualprev --as wang import risks 风险分级管控清单.xlsx --dry-run
        dualprev --as wang import risks 风险清单.csv --org 生产一车间 --errors 问题行.csv
    """
    from dualprev.hazards.services import imports

    _run(app, imports.import_risks, errors_path, path=path, org=org_ref, sheet=sheet, mapping=mapping,
         dry_run=dry_run, create_missing=create_missing)
