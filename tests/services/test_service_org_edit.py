"""`org edit` through the use-case (#12 item 2): a moved unit's subtree is in its new parent's scope
and out of the old one's; a unit of another enterprise is refused."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards.errors import InvalidInput, NotFound, RuleViolation
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org


def test_a_moved_unit_changes_scope(db):
    r = org.edit_org(db, actor="admin", org="甲班", parent="生产二车间")
    assert (r["path"], r["changed"]) == ("/1/4/3/", ["parent_id"])
    code = hazard_service.report(db, actor="wang", title="x", org="甲班")["code"]
    with pytest.raises(RuleViolation, match="outside their scope"):
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 20), measures="m")
    org.add_org(db, actor="admin", name="另一企业")
    with pytest.raises(InvalidInput, match="not a unit of"):
        org.edit_org(db, actor="admin", org="甲班", parent="另一企业")
    with pytest.raises(NotFound):
        org.edit_org(db, actor="admin", org="无此单位", name="x")
