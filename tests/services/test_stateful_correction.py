"""Any sequence of corrections (edit, regrade, void, reopen, #12) mixed with the lifecycle and 挂牌督办
triggers, by any of the demo people (hypothesis stateful testing; the lifecycle's own rules and
model are test_stateful_hazard's, whose machine this one extends).

After every step, besides that machine's invariants: a closed hazard never moves (a reopen makes
a new one and leaves it as it was); no 重大 hazard is in 整改 without an approved 治理方案; every
reopened hazard points to a closed one; `audit verify` (chains and replay) passes.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, multiple, rule

from dualprev.hazards.services import correction
from tests.services.test_stateful_hazard import SETTINGS, HazardMachine, who
from tests.stateful import ORGS
from tests.support import approved_plan

REASONS = st.sampled_from(["记录有误", "经复核", "复查未通过", " "])


class CorrectionMachine(HazardMachine):
    def __init__(self) -> None:
        super().__init__()
        self.closed: dict[str, dict] = {}  # code -> the row when it was closed

    @rule(code=HazardMachine.hazards, actor=who("wang", "liu"), org=st.sampled_from([None, *ORGS]),
          title=st.sampled_from([None, "护栏缺失(东侧)", "护栏缺失"]), reason=REASONS)
    def edit(self, code, actor, org, title, reason):
        actor, m = self.resolve(code, actor), self.model[code]
        if self.attempt(lambda: correction.edit(self.reg.db, actor=actor, code=code, title=title,
                                                org=org, reason=reason)):
            assert m["state"] in ("reported", "rectifying", "verifying") and reason.strip()
            m["org"] = org or m["org"]

    @rule(code=HazardMachine.hazards, actor=who("wang", "zhao", "he"),
          level=st.sampled_from(["major", "general"]), reason=REASONS)
    def regrade(self, code, actor, level, reason):
        actor, m = self.resolve(code, actor), self.model[code]
        if not self.attempt(lambda: correction.regrade(self.reg.db, actor=actor, code=code, level=level,
                                                       reason=reason)):
            return
        assert m["state"] in ("reported", "rectifying", "verifying") and m["level"] != level
        if level == "general":
            assert actor in ("zhao", "he"), f"{actor} graded {code} down"
            if m["listing"] in ("listed", "writeoff_requested"):  # the enterprise's own listing ends
                m["listing"] = "written_off"
        elif m["listing"] in (None, "written_off"):
            m["listing"] = "listed"
        m["level"], m["state"] = level, self.reg.hazard(code)["state"]

    @rule(code=HazardMachine.hazards)
    def plan_it(self, code):
        """The 重大 loop's 治理方案, drafted and approved (it may be refused: a 一般 hazard, not in 发现)."""
        owner = self.resolve(code, "<an owner whose scope covers the hazard>")
        self.attempt(lambda: approved_plan(self.reg.db, code, owner=owner))

    @rule(code=HazardMachine.hazards)
    def drive(self, code):
        """Three steps on at once, so that sequences reach 销号 (and a reopen) often."""
        for _ in range(3):
            self.advance(code, True, 1)

    @rule(target=HazardMachine.hazards, code=HazardMachine.hazards, actor=who("li", "wang", "zhou"),
          reason=REASONS)
    def reopen(self, code, actor, reason):
        actor, m = self.resolve(code, actor), self.model[code]
        made = {}
        if not self.attempt(lambda: made.update(correction.reopen(self.reg.db, actor=actor, code=code,
                                                                  reason=reason))):
            return multiple()
        assert m["state"] == "closed", f"{code} reopened from {m['state']}"
        self.model[made["code"]] = {"state": "reported", "level": m["level"], "org": m["org"],
                                    "listing": "listed" if m["level"] == "major" else None}
        return made["code"]

    @invariant()
    def corrections_keep_the_rules(self):
        with self.reg.db.read() as tx:
            rows = tx.run("SELECT h.code, h.state, h.level, h.version, h.reopened_from,"
                          " (SELECT g.state FROM governance_plan g WHERE g.hazard_id = h.id) AS plan,"
                          " (SELECT o.state FROM hazard o WHERE o.id = h.reopened_from) AS old"
                          " FROM hazard h").mappings().all()
        for r in rows:
            if r["level"] == "major" and r["state"] == "rectifying":
                assert r["plan"] == "approved", f"重大 {r['code']} in 整改 without an approved 治理方案"
            if r["reopened_from"] is not None:
                assert r["old"] == "closed", f"{r['code']} reopens a hazard in {r['old']}"
            if r["state"] == "closed":
                seen = self.closed.setdefault(r["code"], dict(r))
                assert {k: r[k] for k in ("state", "level", "version")} == \
                    {k: seen[k] for k in ("state", "level", "version")}, f"closed {r['code']} moved"


def test_any_sequence_of_corrections_keeps_the_invariants():
    CorrectionMachine.TestCase.settings = settings(SETTINGS, max_examples=40, stateful_step_count=40)
    CorrectionMachine.TestCase().runTest()
