"""Any sequence of ticks (the clock moving on by hours) and 排查 records by any of the people,
through the use-cases, against a small model of the inspection task's machine (hypothesis).

After every step: each task's state is the model's and the replay of its events; a done task
never changes and has a result for every item; a missed task (漏检) stays missed, takes late
results (补检) only inside the window and is flagged late; each failed item has one hazard; a
refused record changed nothing; `audit verify` passes.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from dualprev.hazards import config
from dualprev.hazards.db import as_instant
from dualprev.hazards.errors import DomainError
from dualprev.hazards.services import inspection as inspection_service
from dualprev.schedules.tick import tick
from tests.stateful import ITEMS, LOGINS, Register
from tests.support import NOW

SETTINGS = settings(max_examples=25, stateful_step_count=25, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
RECORDERS = {"liu", "li", "qian"}  # the plan's assignee, and inspectors whose scope covers 甲班
LATE = timedelta(days=7)  # [schedule] late_days
positions = st.sampled_from([1, 2, 3] * 3 + [len(ITEMS) + 1])  # one past the last: refused
outcomes = st.sampled_from(["ok", "ok", "fail", "na"])
results = st.dictionaries(positions, outcomes, min_size=1, max_size=3)
whole = st.fixed_dictionaries({n: outcomes for n in range(1, len(ITEMS) + 1)})


class InspectionMachine(RuleBasedStateMachine):
    tasks = Bundle("tasks")

    def __init__(self) -> None:
        super().__init__()
        self.reg = Register.fresh()
        self.now = NOW
        self.model: dict[int, dict] = {}  # task id -> state, due, results, hazards, late

    def teardown(self) -> None:
        os.environ["DUALPREV_NOW"] = NOW.isoformat()
        self.reg.close()

    def clock(self, hours: int) -> None:
        self.now += timedelta(hours=hours)
        os.environ["DUALPREV_NOW"] = self.now.isoformat()
        config.now()  # the program's clock reads the variable at each call

    @initialize(target=tasks)
    def first_tick(self):
        return self.tick_at(0)

    @rule(target=tasks, hours=st.sampled_from([1, 3, 8, 16, 24, 40, 24 * 8]))
    def tick(self, hours):
        return self.tick_at(hours)

    def tick_at(self, hours):
        self.clock(hours)
        for m in self.model.values():
            if m["state"] == "open" and m["due"] <= self.now:
                m["state"] = "missed"
        tick(self.reg.db, now=self.now)
        new = []
        with self.reg.db.read() as tx:
            for tid, due in tx.run("SELECT id, due_at FROM inspection_task ORDER BY id").all():
                if tid not in self.model:
                    due = as_instant(due)
                    self.model[tid] = {"state": "missed" if due <= self.now else "open", "due": due,
                                       "results": {}, "hazards": set(), "late": False}
                    new.append(tid)
        return multiple(*new)

    @rule(task=tasks, actor=st.sampled_from(["liu", "li", "qian"] * 6 + LOGINS), got=results,
          fix=st.booleans())
    def record(self, task, actor, got, fix):
        self.record_as(task, actor, got, fix)

    @rule(task=tasks, got=whole, fix=st.booleans())
    def record_every_item(self, task, got, fix):
        """The assignee's whole round in one go, so that tasks get done, on time or late."""
        self.record_as(task, "liu", got, fix)

    def record_as(self, task, actor, got, fix):
        m = self.model[task]
        fixes = {n: "当场整改" for n, r in got.items() if r == "fail"} if fix else {}
        before = self.reg.snapshot()
        try:
            out = inspection_service.record(self.reg.db, actor=actor, task_id=task, results=got,
                                            fixes=fixes)
        except DomainError:
            assert self.reg.snapshot() == before, "a refused record changed the register"
            return
        assert actor in RECORDERS, f"{actor} recorded task {task}"
        assert m["state"] != "done", f"task {task} took results after it was done"
        assert max(got) <= len(ITEMS)
        assert not set(fixes) & m["hazards"], "a second hazard for one failed item"
        if m["state"] == "missed":
            assert self.now <= m["due"] + LATE, f"task {task} took a 补检 after its window closed"
            m["late"] = True
        m["results"].update(got)
        m["hazards"] |= {n for n, r in got.items() if r == "fail"}
        if m["state"] == "open" and len(m["results"]) == len(ITEMS):
            m["state"] = "done"
        assert out["state"] == m["state"]

    @invariant()
    def tasks_agree_with_the_model_and_the_events(self):
        with self.reg.db.read() as tx:
            rows = {r[0]: (r[1], bool(r[2])) for r in tx.run(
                "SELECT id, state, late FROM inspection_task").all()}
            counts = {r[0]: r[1] for r in tx.run(
                "SELECT task_id, count(*) FROM inspection_result GROUP BY task_id").all()}
            hazards = {r[0]: r[1] for r in tx.run(
                "SELECT task_id, count(*) FROM hazard WHERE task_id IS NOT NULL GROUP BY task_id").all()}
            events = tx.run("SELECT subject_id, to_state, data FROM hazard_event WHERE subject = 'task'"
                            " AND subject_id <> 0 ORDER BY enterprise_id, seq").all()
        assert rows == {t: (m["state"], m["late"]) for t, m in self.model.items()}
        replayed = dict.fromkeys(rows, "open")
        for tid, to_state, data in events:
            if to_state:
                replayed[tid] = to_state
            elif json.loads(data).get("late") is False:
                assert replayed[tid] == "open", f"task {tid} recorded on time after it was {replayed[tid]}"
        assert replayed == {t: s for t, (s, _late) in rows.items()}
        for t, m in self.model.items():
            assert counts.get(t, 0) == len(m["results"])
            assert hazards.get(t, 0) == len(m["hazards"])
            if m["state"] == "done":
                assert len(m["results"]) == len(ITEMS)
        self.reg.assert_audit_intact()


def test_any_sequence_of_ticks_and_records_keeps_the_task_rules():
    InspectionMachine.TestCase.settings = SETTINGS
    InspectionMachine.TestCase().runTest()
