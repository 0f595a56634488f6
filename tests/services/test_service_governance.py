"""The 重大 loop through the use-cases, against the regulation's wording: 16号令 Art 15¶2 (the
治理方案's six items, organised by the 主要负责人, before 整改), the 判定标准 clause that makes a
hazard 重大, Art 18 (evaluation before 销号), and the categories of 16号令 Art 3 / GB/T 13861-2022."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards import criteria
from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation, TransitionNotAllowed
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import governance
from dualprev.hazards.services import hazard as hazard_service
from tests.support import approved_plan, evaluated

PLAN = {"goal": "恢复泄漏检测报警", "method": "更换报警器并接入DCS", "funds": 48000.0,
        "resources": "报警器两台、信号电缆", "team": "生产一车间整改组", "owner": "chen",
        "deadline": date(2026, 12, 20), "safety": "储罐区停止装卸作业", "contingency": "液氨泄漏专项应急预案"}


def major(db, **kw):
    return hazard_service.report(db, actor="wang", title="液氨储罐区无泄漏报警", org="生产一车间",
                                 level="major", **kw)["code"]


def row(db, code):
    with db.read() as tx:
        return dict(tx.one("SELECT * FROM hazard WHERE code = :c", {"c": code}))


def plan_row(db, code):
    with db.read() as tx:
        return tx.one("SELECT g.* FROM governance_plan g JOIN hazard h ON h.id = g.hazard_id"
                      " WHERE h.code = :c", {"c": code})


def test_art_15_2_a_major_hazard_enters_rectification_only_under_an_approved_plan(db):
    code = major(db, basis="WH2017-12")
    with pytest.raises(RuleViolation, match=r"no 治理方案 \(16号令 Art 15¶2\)"):
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 20),
                              measures="更换报警器", cost=48000, contingency="人工巡检加密")
    governance.plan(db, actor="wang", code=code, **PLAN)
    with pytest.raises(RuleViolation, match="the 主要负责人 has not approved"):
        hazard_service.assign(db, actor="wang", code=code)
    governance.approve_plan(db, actor="gao", code=code, note="同意")
    done = hazard_service.assign(db, actor="wang", code=code)  # everything from the plan
    assert done["state"] == "rectifying"
    h = row(db, code)
    assert (h["owner"], h["measures"], h["cost"], h["contingency"]) == (
        "chen", "更换报警器并接入DCS", 48000, "液氨泄漏专项应急预案")
    assert str(h["deadline"]) == "2026-12-20"
    history = hazard_queries.show_hazard(db, actor="wang", code=code)["history"]
    assert history[-1]["data"]["from_plan"] == ["owner", "deadline", "measures", "cost", "contingency"]


def test_art_15_2_the_six_items_are_all_required_with_funds_and_no_placeholders(db):
    code = major(db)
    before = row(db, code)
    with pytest.raises(RuleViolation) as err:
        governance.plan(db, actor="wang", code=code, **(PLAN | {"goal": "-", "funds": 0.0,
                                                                "safety": "待定", "contingency": "无"}))
    message = str(err.value)
    assert "治理的目标和任务 (--goal)" in message and "经费和物资的落实 (--funds > 0)" in message
    assert "安全措施和应急预案 (--safety, --contingency)" in message
    assert "采取的方法和措施" not in message and "负责治理的机构和人员" not in message
    with pytest.raises(RuleViolation, match=r"治理的时限和要求 \(--requirements\)"):
        governance.plan(db, actor="wang", code=code, **(PLAN | {"requirements": "略"}))
    with pytest.raises(InvalidInput, match="--funds"):
        governance.plan(db, actor="wang", code=code, **(PLAN | {"funds": float("nan")}))
    with pytest.raises(RuleViolation, match="before the hazard was found"):
        governance.plan(db, actor="wang", code=code, **(PLAN | {"deadline": date(2026, 1, 1)}))
    assert row(db, code) == before and plan_row(db, code) is None


def test_art_15_2_only_the_principal_approves_and_only_once_the_basis_is_named(db):
    code = major(db)
    governance.plan(db, actor="wang", code=code, **PLAN)
    with pytest.raises(PermissionDenied, match="needs the role principal"):
        governance.approve_plan(db, actor="zhao", code=code)
    with pytest.raises(RuleViolation, match="names no 判定依据"):
        governance.approve_plan(db, actor="gao", code=code)
    governance.classify(db, actor="wang", code=code, basis="gm10-3.2")
    assert row(db, code)["basis_clause"] == "GM10-3.2"
    governance.approve_plan(db, actor="gao", code=code, note="同意")
    p = plan_row(db, code)
    assert (p["state"], p["approved_by"], p["note"]) == ("approved", "gao", "同意")
    with pytest.raises(RuleViolation, match="already approved"):
        governance.approve_plan(db, actor="gao", code=code)
    governance.plan(db, actor="wang", code=code, **(PLAN | {"funds": 60000.0}))  # a redraft
    p = plan_row(db, code)
    assert (p["state"], p["approved_by"], p["funds"]) == ("draft", None, 60000.0)
    with pytest.raises(RuleViolation, match="has not approved"):
        hazard_service.assign(db, actor="wang", code=code)


def test_the_plan_is_for_a_major_hazard_still_in_its_report(db):
    general = hazard_service.report(db, actor="wang", title="通道堆放杂物", org="生产一车间")["code"]
    with pytest.raises(RuleViolation, match="一般 hazard"):
        governance.plan(db, actor="wang", code=general, **PLAN)
    code = major(db)
    approved_plan(db, code)
    hazard_service.assign(db, actor="wang", code=code)
    with pytest.raises(RuleViolation, match="its 治理方案 was settled before 整改"):  # only an imported
        governance.plan(db, actor="wang", code=code, **PLAN)  # hazard drafts its plan in 整改


def test_art_18_a_major_hazard_passes_only_after_its_evaluation_and_a_reject_asks_for_another(db, tmp_path):
    code = major(db)
    approved_plan(db, code)
    hazard_service.assign(db, actor="wang", code=code)
    with pytest.raises(TransitionNotAllowed):
        governance.evaluate(db, actor="wang", code=code, by="外聘专家组", conclusion="整改合格可以销号")
    hazard_service.submit(db, actor="chen", code=code, note="已更换")
    with pytest.raises(RuleViolation, match=r"16号令 Art 18"):
        hazard_service.verify(db, actor="li", code=code, passed=True)
    with pytest.raises(InvalidInput, match="--conclusion"):
        governance.evaluate(db, actor="wang", code=code, by="外聘专家组", conclusion="-")
    report = tmp_path / "评估报告.pdf"
    report.write_bytes(b"%PDF-1.4 evaluation")
    governance.evaluate(db, actor="wang", code=code, by="外聘专家组", conclusion="联锁测试合格",
                        photos=[str(report)])
    assert row(db, code)["evaluated_at"] is not None
    hazard_service.verify(db, actor="li", code=code, passed=False, note="报警值未校准")
    assert row(db, code)["evaluated_at"] is None
    hazard_service.submit(db, actor="chen", code=code, note="已校准")
    with pytest.raises(RuleViolation, match=r"16号令 Art 18"):
        hazard_service.verify(db, actor="li", code=code, passed=True)
    evaluated(db, code)
    shown = hazard_queries.show_hazard(db, actor="wang", code=code)
    assert [e["evaluator"] for e in shown["evaluations"]] == ["外聘专家组", "公司技术人员和专家"]
    assert [a["stage"] for a in shown["attachments"]] == ["evaluate"]
    with pytest.raises(RuleViolation, match="挂牌督办"):  # the write-off still comes first
        hazard_service.verify(db, actor="li", code=code, passed=True)


def test_a_general_hazard_needs_no_evaluation(db):
    code = hazard_service.report(db, actor="wang", title="通道堆放杂物", org="生产一车间")["code"]
    hazard_service.fix_on_spot(db, actor="wang", code=code, measures="当场清理")
    with pytest.raises(RuleViolation, match="一般 hazard"):
        governance.evaluate(db, actor="wang", code=code, by="外聘专家组", conclusion="整改合格可以销号")
    assert hazard_service.verify(db, actor="li", code=code, passed=True)["state"] == "closed"


def test_the_basis_is_a_clause_of_the_criteria_or_marked_free_text():
    assert criteria.basis_of("wh2017-12")[0] == "WH2017-12"
    assert "检测报警装置" in criteria.basis_of("WH2017-12")[1]
    assert criteria.basis_of("其他: 本省地方标准第5条") == (None, "本省地方标准第5条")
    with pytest.raises(InvalidInput, match="not a clause of the 判定标准"):
        criteria.basis_of("储罐没报警")
    with pytest.raises(InvalidInput, match="say which rule"):
        criteria.basis_of("其他:")
    assert {c["clause"] for c in criteria.clauses()} >= {"GM10-3.1", "GM10-13.2", "WH2017-20"}


def test_a_general_hazard_names_no_basis(db):
    with pytest.raises(InvalidInput, match="--level 重大"):
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", basis="WH2017-12")
    code = hazard_service.report(db, actor="wang", title="t", org="生产一车间")["code"]
    with pytest.raises(InvalidInput, match="一般 hazard"):
        governance.classify(db, actor="wang", code=code, basis="WH2017-12")


@pytest.mark.parametrize(("given", "key"), [
    ("人", "person"), ("物", "thing"), ("管理", "management"), ("环境", "environment"),
    ("人的不安全行为", "person"), ("物的不安全状态", "thing"), ("管理上的缺陷", "management"),
    ("环境因素", "environment"), ("物的危险状态", "thing"), ("管理缺陷", "management"),
    ("环境不良", "environment"), ("unsafe act", "person"), ("thing", "thing"),
])
def test_art_3_and_gb_t_13861_categories(given, key):
    assert criteria.category_of(given) == key


def test_an_unknown_category_is_refused_with_the_list(db):
    with pytest.raises(InvalidInput) as err:
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", category="随便写")
    assert "人 (人的不安全行为), 物 (物的不安全状态), 管理 (管理上的缺陷), 环境 (环境因素)" in str(err.value)
    with pytest.raises(InvalidInput, match="begin with 2"):
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", category="物", gb_code="1.1")
    with pytest.raises(InvalidInput, match="needs the category"):
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", gb_code="2.1")
    with pytest.raises(InvalidInput, match="not a GB/T 13861-2022 code"):
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", category="物", gb_code="2.x")


def test_classify_sets_the_category_and_drops_a_code_of_the_old_one(db):
    code = hazard_service.report(db, actor="wang", title="t", org="生产一车间", category="物",
                                 gb_code="2.1")["code"]
    assert (row(db, code)["category"], row(db, code)["gb_code"]) == ("thing", "2.1")
    governance.classify(db, actor="wang", code=code, category="管理")
    assert (row(db, code)["category"], row(db, code)["gb_code"]) == ("management", None)
    governance.classify(db, actor="wang", code=code, gb_code="4.1")
    assert row(db, code)["gb_code"] == "4.1"
    with pytest.raises(InvalidInput, match="give --category"):
        governance.classify(db, actor="wang", code=code)
    with pytest.raises(PermissionDenied):
        governance.classify(db, actor="li", code=code, category="人")


def test_plan_and_evaluation_texts_obey_the_input_limits(db):
    code = major(db)
    with pytest.raises(InvalidInput, match="--goal contains the invisible character"):
        governance.plan(db, actor="wang", code=code, **(PLAN | {"goal": "恢复\x1b[2J泄漏检测报警"}))
    with pytest.raises(InvalidInput, match="--deadline"):
        governance.plan(db, actor="wang", code=code, **(PLAN | {"deadline": date(2040, 1, 1)}))
    with pytest.raises(InvalidInput, match="--by has"):
        governance.evaluate(db, actor="wang", code=code, by="专" * 201, conclusion="整改合格可以销号")
    with pytest.raises(InvalidInput, match="--gb-code has"):
        governance.classify(db, actor="wang", code=code, category="物", gb_code="2" * 33)
    assert plan_row(db, code) is None


def test_a_hazard_fixed_on_the_spot_and_sent_back_has_no_deadline_to_extend(db):
    code = hazard_service.report(db, actor="wang", title="通道堆放杂物", org="生产一车间")["code"]
    hazard_service.fix_on_spot(db, actor="wang", code=code, measures="当场清理")
    hazard_service.verify(db, actor="li", code=code, passed=False, note="未清理干净")
    with pytest.raises(RuleViolation, match="no deadline to move"):
        hazard_service.extend(db, actor="zhao", code=code, reason="等待清运", deadline=date(2026, 12, 30))
