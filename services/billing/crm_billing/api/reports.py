"""Report routes: AR ageing on a date, finance KPIs over a period, an account's credit."""

from __future__ import annotations

from crm_billing.api.mapping import ageing_out, kpis_out
from crm_billing.api.schemas import AccountCreditQuery, AgeingQuery, KpiQuery
from crm_billing.bootstrap import Billing
from crm_billing.domain.money import format_amount
from crm_billing.service.access import INVOICES, PAYMENTS
from crm_chassis import context
from crm_chassis.http import Api, Reply


def register(api: Api, app: Billing) -> None:
    @api.route(
        "/reports/ageing",
        "GET",
        query=AgeingQuery,
        permission=(INVOICES, "view"),
        summary="AR ageing per account and in total (current, 1-30, 31-60, 61-90, "
        "over 90 days past due) as of a date",
    )
    def ageing_report(query: AgeingQuery) -> Reply:
        as_of = query.as_of or app.clock.today()
        report = app.reports.ageing(context.principal(), as_of, query.account_id)
        return Reply(ageing_out(report))

    @api.route(
        "/reports/kpis",
        "GET",
        query=KpiQuery,
        permission=(INVOICES, "view"),
        summary="Revenue by period, outstanding receivables, DSO, collection rate",
    )
    def kpi_report(query: KpiQuery) -> Reply:
        items = app.reports.kpis(context.principal(), query.from_, query.to, query.granularity)
        return Reply(kpis_out(query.from_, query.to, query.granularity, items))

    @api.route(
        "/reports/account-credit",
        "GET",
        query=AccountCreditQuery,
        permission=(PAYMENTS, "view"),
        summary="An account's credit per currency (over-payments, credit-note excess)",
    )
    def account_credit(query: AccountCreditQuery) -> Reply:
        credit = app.queries.credit_of_account(context.principal(), query.account_id)
        items = [{"currency": c, "amount": format_amount(a, c)} for c, a in sorted(credit.items())]
        return Reply({"account_id": str(query.account_id), "credit": items})
