"""Use-case of the enterprise profile (一企一档 basics, issue 13): `enterprise set`, by an admin of
the enterprise, audited on the enterprise's own chain."""

from __future__ import annotations

import re
from typing import Any

from dualprev.hazards import audit, config, limits, registration
from dualprev.hazards.access import load_actor, load_person, require_role
from dualprev.hazards.db import Database
from dualprev.hazards.errors import InvalidInput, NotFound
from dualprev.hazards.queries.enterprise import enterprise_of, profile

_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{2,30}[0-9]")  # 0571-88888888, 13800138000, +86 571 8888 8888
EDITABLE = ("registered_name", "credit_code", "company_code", "industry", "address", "legal_rep",
            "principal", "contact_phone")


def _checked(credit_code: str, company_code: str | None, contact_phone: str | None,
             texts: dict[str, str | None]) -> dict[str, Any]:
    """The given fields, checked and normalised (None: not given, keep the stored value)."""
    given: dict[str, Any] = {"credit_code": registration.credit_code(credit_code)}
    if company_code is not None:
        given["company_code"] = registration.company_code(company_code)
    if contact_phone is not None:
        phone = contact_phone.strip()
        if not _PHONE.fullmatch(phone):
            raise InvalidInput(f"--contact-phone {contact_phone!r} is not a telephone number: give "
                               "digits, e.g. 0571-88888888 or 13800138000")
        given["contact_phone"] = phone
    present = {k: v for k, v in texts.items() if v is not None}
    limits.check("enterprise_profile", **present)
    given.update({k: v.strip() for k, v in present.items()})
    return given


def set_profile(db: Database, *, actor: str, org: str, credit_code: str,
                registered_name: str | None = None, industry: str | None = None,
                address: str | None = None, legal_rep: str | None = None, principal: str | None = None,
                company_code: str | None = None, contact_phone: str | None = None) -> dict[str, Any]:
    """Set the profile of ``org``'s enterprise (admin of the whole enterprise). Options not given
    keep their stored value; a new profile's registered name defaults to the enterprise's name.
    ``principal`` (主要负责人) is a login of a person of that enterprise. Returns the profile with
    ``changed``, the fields this call changed (none changed: no event)."""
    given = _checked(credit_code, company_code, contact_phone,
                     {"registered_name": registered_name, "industry": industry, "address": address,
                      "legal_rep": legal_rep})
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = enterprise_of(tx, who, org)
        require_role(who, "org.admin_roles", "set the enterprise profile", unit["path"])
        if principal is not None:
            try:
                person = load_person(tx, principal.strip())
            except NotFound:
                raise NotFound(f"--principal {principal}: no such person; see `dualprev person list`") from None
            if person.enterprise_id != unit["id"]:
                raise InvalidInput(f"--principal {principal}: {person.name} is not a person of "
                                   f"{unit['name']}: name one of its people (`dualprev person list`)")
            given["principal"] = person.login
        for column, option in (("credit_code", "--credit-code"), ("company_code", "--company-code")):
            if column in given:
                other = tx.one(f"SELECT o.name FROM enterprise_profile p JOIN org_unit o ON o.id ="
                               f" p.enterprise_id WHERE p.{column} = :v AND p.enterprise_id <> :e",
                               {"v": given[column], "e": unit["id"]})
                if other is not None:
                    raise InvalidInput(f"{option} {given[column]} is the code of {other['name']} "
                                       "already: check the code")
        old = profile(tx, unit["id"])
        base = {k: old[k] for k in EDITABLE} if old else {**dict.fromkeys(EDITABLE),
                                                         "registered_name": unit["name"]}
        new = {**base, **given}
        changed = sorted(k for k in EDITABLE if new[k] != (old or {}).get(k))
        if changed:
            params = {**new, "e": unit["id"], "at": tx.ts(now), "by": who.login}
            if old is None:
                tx.run("INSERT INTO enterprise_profile (enterprise_id, credit_code, registered_name,"
                       " industry, address, legal_rep, principal, company_code, contact_phone,"
                       " updated_at, updated_by) VALUES (:e, :credit_code, :registered_name, :industry,"
                       " :address, :legal_rep, :principal, :company_code, :contact_phone, :at, :by)",
                       params)
            else:
                tx.run("UPDATE enterprise_profile SET credit_code = :credit_code, registered_name ="
                       " :registered_name, industry = :industry, address = :address, legal_rep ="
                       " :legal_rep, principal = :principal, company_code = :company_code,"
                       " contact_phone = :contact_phone, updated_at = :at, updated_by = :by"
                       " WHERE enterprise_id = :e", params)
            audit.append(tx, enterprise_id=unit["id"], subject="enterprise", subject_id=unit["id"],
                         ref=new["registered_name"], event="enterprise_set", actor=who.login, at=now,
                         data={k: new[k] for k in changed} | ({"created": True} if old is None else {}))
        result = profile(tx, unit["id"])
    return {**result, "changed": changed}
