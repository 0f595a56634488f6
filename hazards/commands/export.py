"""`dualprev export national`: the national 双重预防 data exchange (national-interface.md)."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import FILE, App, Instant, FilePath, org_option, pass_app


@click.group("export")
def export_group():
    """Data for others: the national 双重预防 data exchange."""


@export_group.command("national")
@click.option("--since", type=Instant(), metavar="TIME",
              help="Changes since TIME (default: the start of the last complete batch of the same kind).")
@click.option("--out", "out_dir", type=FilePath(file_okay=False), metavar="DIR",
              help="Write one JSON file per data set into DIR.")
@click.option("--push", "push_url", metavar="URL", help="POST each data set to URL/<data set> (needs --key-file).")
@click.option("--key-file", type=FILE, metavar="F", help="The platform's 16-character AES key (never printed).")
@org_option("The enterprise to export (default: yours).")
@pass_app
def export_national(app: App, since, out_dir, push_url, key_file, org_ref):
    """Build, validate and send the national data sets in the platform's order: 风险分析单元 →
    风险事件 → 管控措施 → 排查任务 → 排查记录 → 隐患 (admin, officer).

    Every record is checked against the shipped JSON Schema; one that fails names its row and
    field and is not sent. Without --out or --push it only checks. Exit 1 when a record was not
    sent; the next run sends it again.

    \b
    Example:
        dualprev enterprise set 示范化工有限公司 --credit-code 91350100M000100Y43 --company-code 330100123
        dualprev --as wang export national
        dualprev --as wang export national --out national/
        dualprev --as wang export national --push https://platform.example/api --key-file platform.key
    """
    from dualprev.hazards import render
    from dualprev.hazards.labels import text
    from dualprev.hazards.services import national as national_service

    result = national_service.export(app.db(), actor=app.user, org=org_ref, since=since, out_dir=out_dir,
                                     push_url=push_url, key_file=key_file)
    if app.json:
        app.dump(result)
    else:
        click.echo(text("national_summary", app.lang, mode=result["mode"], batch=result["batch"] or "-",
                        state=result["state"], since=render.local_time(result["since"]),
                        code=result["company_code"]))
        rows = [{**d, "dataset": f"{d['title']} {d['name']}", "push_failed": d["failed"]}
                for d in result["datasets"]]
        render.emit(rows, ["dataset", "records", "invalid", "written", "pushed", "push_failed"], "table",
                    app.lang)
        if result["problems"]:
            render.emit(result["problems"], ["dataset", "ref", "error"], "table", app.lang)
    if result["problem_count"]:
        count = result["problem_count"]
        raise click.ClickException(f"{count} records were not sent (see above, and national_record): fix "
                                   "them and run again; what was not sent is sent again")
