"""#12 item 3 through the CLI: `hazard list --mine` and `hazard photo CODE [N] -o FILE`."""

from __future__ import annotations

import os

from tests.cli.helpers import assign, bad_input, codes, js, ok, refused, report


def test_list_mine_is_what_i_own_found_or_verified(db, cli_run):
    found_by_wang = report(cli_run, "a")  # wang found all three
    owned_by_chen = report(cli_run, "b")
    ok(assign(cli_run, owned_by_chen))
    verified_by_li = report(cli_run, "c")
    ok(cli_run("--as", "wang", "hazard", "fix", verified_by_li, "--measures", "已清理"))
    ok(cli_run("--as", "li", "hazard", "verify", verified_by_li, "--reject"))
    mine = lambda who: codes(js(cli_run("--as", who, "--json", "hazard", "list", "--mine")))  # noqa: E731
    assert mine("wang") == [found_by_wang, owned_by_chen, verified_by_li]
    assert mine("chen") == [owned_by_chen]
    assert mine("li") == [verified_by_li]
    assert mine("zhao") == []
    assert codes(js(cli_run("--as", "wang", "--json", "hazard", "list", "--mine", "--state", "整改"))) == \
        [owned_by_chen, verified_by_li]


def test_photo_comes_back_byte_for_byte_and_never_overwrites_unasked(db, cli_run, tmp_path):
    before, after = tmp_path / "before.jpg", tmp_path / "after.png"
    before.write_bytes(b"\xff\xd8\xff before")
    after.write_bytes(b"\x89PNG\r\n\x1a\n after")
    code = report(cli_run, "护栏缺失", "生产一车间", "--photo", str(before))
    ok(cli_run("--as", "wang", "hazard", "fix", code, "--measures", "已加装", "--photo", str(after)))
    out = tmp_path / "got.png"
    line = ok(cli_run("--as", "wang", "hazard", "photo", code, "2", "-o", str(out))).stdout
    assert line == f"{code} #2 after.png (14 B) -> {out}\n" and out.read_bytes() == after.read_bytes()
    assert "exists" in refused(cli_run("--as", "wang", "hazard", "photo", code, "1", "-o", str(out)), 2)
    assert out.read_bytes() == after.read_bytes()
    ok(cli_run("--as", "wang", "hazard", "photo", code, "1", "-o", str(out), "--force"))
    assert out.read_bytes() == before.read_bytes()
    assert "say which (1-2" in refused(cli_run("--as", "wang", "hazard", "photo", code, "-o", str(tmp_path / "x")), 2)
    assert "from 1 to 2" in refused(cli_run("--as", "wang", "hazard", "photo", code, "3", "-o", str(tmp_path / "x")), 2)
    assert not (tmp_path / "x").exists()
    bad_input(cli_run("--as", "wang", "hazard", "photo", code, "0", "-o", str(tmp_path / "x")))
    other = report(cli_run, "无附件")
    assert "no attachments" in refused(cli_run("--as", "wang", "hazard", "photo", other, "-o", str(tmp_path / "x")), 1)
    store = os.environ["DUALPREV_FILES"]
    sha = js(cli_run("--as", "wang", "--json", "hazard", "show", code))["attachments"][0]["sha256"]
    with open(os.path.join(store, sha[:2], sha), "ab") as f:
        f.write(b"tampered")
    assert "does not match its hash" in refused(
        cli_run("--as", "wang", "hazard", "photo", code, "1", "-o", str(tmp_path / "y")), 1)
    assert not (tmp_path / "y").exists()  # nothing half-written
