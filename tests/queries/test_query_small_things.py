"""#12 item 3 at the use-case layer: the --mine filter, the attachment by its number, and the
title a failed inspection item gives its hazard."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards.errors import InvalidInput, NotFound
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services.inspection import finding_title
from tests.support import general


def test_mine_covers_owner_finder_and_verifier(db):
    owned = general(db, date(2026, 12, 10))  # found by wang, owned by chen
    hazard_service.submit(db, actor="chen", code=owned)
    hazard_service.verify(db, actor="li", code=owned, passed=True)
    other = hazard_service.report(db, actor="liu", title="灯具损坏", org="甲班")["code"]
    mine = lambda who: [h["code"] for h in hazard_queries.iter_hazards(db, actor=who, mine=True)]  # noqa: E731
    assert (mine("wang"), mine("chen"), mine("li"), mine("liu")) == ([owned], [owned], [owned], [other])


def test_attachment_by_number(db, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"\xff\xd8\xff x")
    code = hazard_service.report(db, actor="wang", title="护栏缺失", org="生产一车间", photos=[str(photo)])["code"]
    a = hazard_queries.attachment(db, actor="wang", code=code)
    assert (a["n"], a["filename"], a["size"], a["stage"]) == (1, "p.jpg", 5, "report")
    with pytest.raises(InvalidInput):
        hazard_queries.attachment(db, actor="wang", code=code, n=2)
    with pytest.raises(NotFound):  # outside sun's scope
        hazard_queries.attachment(db, actor="sun", code=code)


def test_finding_title():
    assert finding_title("气瓶固定", "气瓶未固定\n西侧三只") == "气瓶未固定"
    assert finding_title("气瓶固定", "  ") == finding_title("气瓶固定", None) == "气瓶固定: 不符合"
    long = finding_title("x", "长" * 400)
    assert len(long) == 300 and long.endswith("…")
