"""`dualprev enterprise`: the enterprise profile (一企一档 basics) that reports and the national
export print: registered name, 统一社会信用代码, 危化品登记 code, 主要负责人."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, pass_app


@click.group("enterprise")
def enterprise_group():
    """The enterprise profile: registered name, 统一社会信用代码, 危化品登记 code, 主要负责人."""


@enterprise_group.command("set")
@click.argument("org")
@click.option("--credit-code", required=True, metavar="CODE",
              help="统一社会信用代码: 18 characters, checked by its GB 32100-2015 check character.")
@click.option("--name-registered", "registered_name", metavar="NAME",
              help="The name on the business licence (default for a new profile: the org unit's name).")
@click.option("--industry", metavar="TEXT", help="行业, e.g. 危险化学品生产.")
@click.option("--address", metavar="TEXT", help="注册地址.")
@click.option("--legal-rep", metavar="NAME", help="法定代表人.")
@click.option("--principal", metavar="LOGIN", help="主要负责人: a person of the enterprise (signs the reports).")
@click.option("--company-code", metavar="9DIGITS",
              help="The 9-digit enterprise code of the 危化品登记 system (the national companyCode).")
@click.option("--contact-phone", metavar="PHONE", help="联系电话.")
@pass_app
def enterprise_set(app: App, org, credit_code, registered_name, industry, address, legal_rep,
                   principal, company_code, contact_phone):
    """Set the profile of ORG's enterprise (admin). Options left out keep their value.

    \b
    Example:
        dualprev enterprise set 示范化工有限公司 --credit-code 91350100M000100Y43 \\
            --name-registered 示范化工有限公司 --principal gao --company-code 330100123
    """
    from dualprev.hazards.services import enterprise as enterprise_service

    result = enterprise_service.set_profile(
        app.db(), actor=app.user, org=org, credit_code=credit_code, registered_name=registered_name,
        industry=industry, address=address, legal_rep=legal_rep, principal=principal,
        company_code=company_code, contact_phone=contact_phone)
    changed = ", ".join(result["changed"]) or "nothing changed"
    app.done(result, f"{result['registered_name']} ({result['credit_code']}): {changed}")


@enterprise_group.command("show")
@click.argument("org", required=False)
@pass_app
def enterprise_show(app: App, org):
    """Show the profile of ORG's enterprise (default: your own).

    \b
    Example:
        dualprev enterprise show
        dualprev --json enterprise show 示范化工有限公司
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import enterprise as enterprise_queries

    app.show(enterprise_queries.show(app.db(), actor=app.user, org=org), reports.enterprise_text)
